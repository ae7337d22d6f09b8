package io.github.sminference.exception;

import java.time.Duration;

/**
 * The circuit breaker for this endpoint (and target model or component) is open after sustained failures, so the
 * request failed fast without being sent. Retryable once the breaker lets calls through again.
 */
public class CircuitOpenException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** The breaker name (serialized form). */
    private final String breakerName;

    /**
     * Creates the exception.
     *
     * @param breakerName the breaker's name (endpoint and target)
     * @param waitInOpenState how long the breaker stays open before it lets trial calls through
     */
    public CircuitOpenException(String breakerName, Duration waitInOpenState) {
        this(breakerName, waitInOpenState, null);
    }

    /**
     * Creates the exception for a call whose earlier attempt failed before the breaker opened.
     *
     * @param breakerName the breaker's name (endpoint and target)
     * @param waitInOpenState how long the breaker stays open before it lets trial calls through
     * @param lastError the call's last error before the breaker refused it, or {@code null}
     */
    public CircuitOpenException(String breakerName, Duration waitInOpenState, Throwable lastError) {
        super("Circuit breaker '" + breakerName + "' is open after sustained failures; the request was not sent."
                + " It lets trial calls through after " + waitInOpenState + ".", lastError, true);
        this.breakerName = breakerName;
    }

    /**
     * The breaker's name: the endpoint name, plus the target model or inference component when set.
     *
     * @return the name
     */
    public String breakerName() {
        return breakerName;
    }
}
