/** Listeners for logs and metrics. */
package io.github.sminference.event;
