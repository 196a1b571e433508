package dev.consort.tools.fs;

/** A patch that cannot be applied as a whole; the message names the file and line, and says nothing changed. */
final class PatchRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    PatchRejectedException(String message) {
        super(message);
    }

    PatchRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
