package io.github.sminference.cli;

/**
 * A command line the tool cannot run: names the option and the fix. Exit status 2, and nothing was sent.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String option, String fix) {
        super(option + ": " + fix);
    }
}
