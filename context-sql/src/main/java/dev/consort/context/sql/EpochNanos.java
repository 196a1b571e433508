package dev.consort.context.sql;

import java.time.Instant;

/**
 * Instants as INTEGER nanoseconds since the epoch: exact, sortable and cheap to compare in SQL.
 * Covers 1677-09-21 to 2262-04-11.
 */
public final class EpochNanos {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {
    }

    public static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant outside 1677-09-21..2262-04-11: " + instant, e);
        }
    }

    /** For range queries: an instant outside the range becomes its nearest end. */
    public static long clamped(Instant instant) {
        if (instant.isBefore(toInstant(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (instant.isAfter(toInstant(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return of(instant);
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
