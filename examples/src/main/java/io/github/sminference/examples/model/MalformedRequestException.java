package io.github.sminference.examples.model;

/**
 * A request the model cannot score, with the HTTP status to answer and a message for the caller that names the row
 * and what is wrong with it. Carries no stack trace: it is an answer, not a bug.
 */
final class MalformedRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    MalformedRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer: 400 for a bad payload, 415 for an unsupported media type. */
    int status() {
        return status;
    }
}
