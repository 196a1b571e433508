package dev.consort.backend.planner;

import dev.consort.spi.backend.HttpFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a rate-limited caller should wait, from a response's headers: the standard
 * {@code retry-after-ms} and {@code Retry-After} first, then Anthropic's
 * {@code anthropic-ratelimit-<limit>-reset} times (RFC 3339). When a {@code -remaining} header says which
 * limit ran out, its reset decides; otherwise the latest reset, so that every limit has recovered.
 */
final class RateLimitReset {

    private static final List<String> LIMITS = List.of("requests", "tokens", "input-tokens", "output-tokens");

    private RateLimitReset() {
    }

    static Optional<Duration> from(Map<String, List<String>> headers, Clock clock) {
        Optional<Duration> standard = HttpFailures.retryAfter(headers, clock);
        if (standard.isPresent()) {
            return standard;
        }
        Duration exhausted = null;
        Duration any = null;
        for (String limit : LIMITS) {
            Optional<Duration> reset = HttpFailures.header(headers, "anthropic-ratelimit-" + limit + "-reset")
                    .flatMap(v -> until(v, clock));
            if (reset.isEmpty()) {
                continue;
            }
            any = later(any, reset.get());
            boolean out = HttpFailures.header(headers, "anthropic-ratelimit-" + limit + "-remaining")
                    .map(String::trim).filter("0"::equals).isPresent();
            if (out) {
                exhausted = later(exhausted, reset.get());
            }
        }
        return Optional.ofNullable(exhausted != null ? exhausted : any);
    }

    /** The wait until an RFC 3339 time; zero for a time in the past, empty when unreadable. */
    static Optional<Duration> until(String rfc3339, Clock clock) {
        try {
            Duration d = Duration.between(clock.instant(), OffsetDateTime.parse(rfc3339.trim()).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration later(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
