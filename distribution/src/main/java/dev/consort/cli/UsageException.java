package dev.consort.cli;

/** A command used wrongly: exit code 2, one line. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
