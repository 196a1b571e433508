package dev.consort.core.api;

import java.util.Objects;

/**
 * One try of one backend during a call.
 *
 * @param backend the backend
 * @param attempt the try's number on that backend, from 1
 * @param outcome {@code ok}, or what went wrong ({@code rate_limited}, {@code transport},
 *                {@code malformed_output}, {@code budget}, {@code cooling_down}, ...)
 * @param millis  how long it took
 * @param detail  one line of detail (the failure's message), or empty
 */
public record Attempt(String backend, int attempt, String outcome, long millis, String detail) {

    public Attempt {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(outcome, "outcome is null");
        detail = detail == null ? "" : detail;
    }

    /** Tells whether this try answered. */
    public boolean ok() {
        return outcome.equals("ok");
    }

    @Override
    public String toString() {
        return backend + " #" + attempt + ": " + outcome + " (" + millis + " ms)" + (detail.isEmpty() ? "" : ": " + detail);
    }
}
