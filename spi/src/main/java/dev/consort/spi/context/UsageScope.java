package dev.consort.spi.context;

import java.time.Instant;
import java.util.Objects;

/**
 * Which rows of the usage ledger to add up.
 *
 * @since 1.0
 */
public sealed interface UsageScope {

    /** Every row the store holds. */
    UsageScope ALL = new All();

    /** Every row. */
    record All() implements UsageScope {
    }

    /**
     * The rows of one session.
     *
     * @param sessionId the session; not null
     */
    record Session(String sessionId) implements UsageScope {
        /** Validates the component. */
        public Session {
            Objects.requireNonNull(sessionId, "sessionId is null");
        }
    }

    /**
     * The rows from a time on (a day, a month).
     *
     * @param from the first instant included; not null
     */
    record Since(Instant from) implements UsageScope {
        /** Validates the component. */
        public Since {
            Objects.requireNonNull(from, "from is null");
        }
    }
}
