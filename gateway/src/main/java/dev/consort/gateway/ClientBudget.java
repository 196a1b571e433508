package dev.consort.gateway;

import dev.consort.core.api.GatewaySettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * One client's spending against its budget in the current period ({@code total}, {@code day} or
 * {@code month}, in UTC). Kept in memory: it starts again when the gateway starts. Thread-safe.
 */
final class ClientBudget {

    private final GatewaySettings.Budget limit;
    private final Clock clock;
    private Instant periodEnd;
    private BigDecimal usd = BigDecimal.ZERO;
    private long requests;
    private long tokens;

    ClientBudget(GatewaySettings.Budget limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.periodEnd = end(clock.instant());
    }

    /**
     * Checks that the budget has room for one more request.
     *
     * @throws GatewayError 429 naming the exhausted limit, with the seconds until the period ends
     */
    synchronized void check(String client) {
        roll();
        String spent = limit.usd() != null && usd.compareTo(limit.usd()) >= 0 ? "$" + limit.usd().toPlainString()
                : limit.requests() != null && requests >= limit.requests() ? limit.requests() + " requests"
                : limit.tokens() != null && tokens >= limit.tokens() ? limit.tokens() + " tokens" : null;
        if (spent != null) {
            long seconds = periodEnd == null ? Duration.ofDays(1).toSeconds()
                    : Math.max(1, Duration.between(clock.instant(), periodEnd).toSeconds());
            throw GatewayError.budget("client '" + client + "' has used its budget of " + spent
                    + (periodEnd == null ? " (period: total)" : " for this " + limit.period()), seconds);
        }
    }

    /** Adds one answered (or failed) request. */
    synchronized void record(BigDecimal cost, long tokenCount) {
        roll();
        usd = usd.add(cost);
        requests++;
        tokens += tokenCount;
    }

    private void roll() {
        if (periodEnd != null && !clock.instant().isBefore(periodEnd)) {
            usd = BigDecimal.ZERO;
            requests = 0;
            tokens = 0;
            periodEnd = end(clock.instant());
        }
    }

    private Instant end(Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        return switch (limit.period()) {
            case "day" -> t.truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant();
            case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1).toInstant();
            default -> null;
        };
    }
}
