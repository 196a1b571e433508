package dev.consort.spi.routing;

import java.util.Objects;

/**
 * One backend in a routing decision: taken (to be tried, in order) or skipped, and why.
 *
 * @param backend the backend's name; not null
 * @param taken   true when it will be tried
 * @param reason  why it was taken or skipped, one line for people; not null
 * @since 1.0
 */
public record RouteStep(String backend, boolean taken, String reason) {

    /** Validates the components. */
    public RouteStep {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(reason, "reason is null");
    }
}
