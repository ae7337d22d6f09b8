/**
 * The one unchecked exception tree. {@link io.github.sminference.exception.InferenceException} is the root; service
 * errors extend {@link io.github.sminference.exception.ServiceException}; the rest are decided on the client.
 */
package io.github.sminference.exception;
