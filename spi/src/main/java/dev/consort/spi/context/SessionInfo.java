package dev.consort.spi.context;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A session the store knows.
 *
 * @param sessionId     the session; not null
 * @param messageCounts messages kept per backend; never null
 * @param lastActive    when it was last written; not null
 * @since 1.0
 */
public record SessionInfo(String sessionId, Map<String, Integer> messageCounts, Instant lastActive) {

    /** Validates and copies the components. */
    public SessionInfo {
        Objects.requireNonNull(sessionId, "sessionId is null");
        messageCounts = messageCounts == null ? Map.of() : Map.copyOf(messageCounts);
        Objects.requireNonNull(lastActive, "lastActive is null");
    }
}
