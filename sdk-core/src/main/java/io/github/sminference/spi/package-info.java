/**
 * For adapter authors: the transport an adapter implements, the settings and builder base every client shares, the
 * clock, and the resume token format. Users need only {@link io.github.sminference.spi.TimeSource} (to inject a
 * clock) and the builder methods inherited from {@link io.github.sminference.spi.BaseClientBuilder}.
 */
package io.github.sminference.spi;
