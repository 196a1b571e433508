package dev.consort.core.config;

import java.math.BigDecimal;
import java.util.Set;

/**
 * One budget: any of dollars, requests and tokens, over a period.
 *
 * @param usd      dollars, or null
 * @param requests requests, or null
 * @param tokens   tokens (prompt plus completion), or null
 * @param period   {@code total}, {@code day} or {@code month}
 */
public record BudgetLimit(BigDecimal usd, Long requests, Long tokens, String period) {

    static final Set<String> PERIODS = Set.of("total", "day", "month");

    static BudgetLimit from(LocatedConfig c) {
        c.checkKeys(Set.of("usd", "requests", "tokens", "period"));
        BigDecimal usd = null;
        if (c.has("usd")) {
            try {
                usd = new BigDecimal(c.requireString("usd").trim());
            } catch (NumberFormatException e) {
                throw c.error("usd", "must be an amount in dollars such as 20.00");
            }
            if (usd.signum() < 0) {
                throw c.error("usd", "must not be negative");
            }
        }
        Long requests = c.has("requests") ? c.longValue("requests").getAsLong() : null;
        Long tokens = c.has("tokens") ? c.longValue("tokens").getAsLong() : null;
        if (requests != null && requests < 0 || tokens != null && tokens < 0) {
            throw c.error(requests != null && requests < 0 ? "requests" : "tokens", "must not be negative");
        }
        String period = c.string("period").orElse("total");
        if (!PERIODS.contains(period)) {
            throw c.error("period", "must be one of total, day, month; got " + c.shownValue("period"));
        }
        return new BudgetLimit(usd, requests, tokens, period);
    }
}
