package dev.consort.spi.context;

import dev.consort.spi.chat.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the usage ledger: one call to one backend.
 *
 * @param time      when the call ended; not null
 * @param sessionId the session; not null
 * @param taskId    the task, or null
 * @param backend   the backend's name; not null
 * @param model     the model; not null
 * @param usage     tokens spent; not null
 * @param costUsd   cost in US dollars; not null, not negative
 * @param failed    whether the call failed
 * @since 1.0
 */
public record UsageRecord(Instant time, String sessionId, String taskId, String backend, String model, Usage usage,
                          BigDecimal costUsd, boolean failed) {

    /** Validates the components. */
    public UsageRecord {
        Objects.requireNonNull(time, "time is null");
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(usage, "usage is null");
        Objects.requireNonNull(costUsd, "costUsd is null");
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("costUsd is negative: " + costUsd);
        }
    }
}
