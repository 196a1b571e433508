package dev.consort.spi.context;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task as stored: what to do, its limits and where it is.
 *
 * @param id          a unique id; not blank
 * @param title       a short title; not null
 * @param type        the task type that routes it ({@code code}, {@code review}, ...); not blank
 * @param status      where it is; not null
 * @param priority    higher runs first
 * @param sessionId   the session whose context it uses; not null
 * @param prompt      what to do; not null
 * @param contextKeys facts and files pulled into its prompt; never null
 * @param maxUsd      its own spending limit, or null for the project's budget only
 * @param maxSteps    the most model calls it may make; positive
 * @param attempts    how many times it was started
 * @param created     when it was added; not null
 * @param updated     when it last changed; not null
 * @param result      its final output, or null
 * @param error       why it failed, or null
 * @since 1.0
 */
public record TaskRecord(String id, String title, String type, TaskStatus status, int priority, String sessionId,
                         String prompt, List<String> contextKeys, BigDecimal maxUsd, int maxSteps, int attempts,
                         Instant created, Instant updated, String result, String error) {

    /** Validates and copies the components. */
    public TaskRecord {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is blank");
        }
        Objects.requireNonNull(title, "title is null");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type is blank");
        }
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(prompt, "prompt is null");
        contextKeys = contextKeys == null ? List.of() : List.copyOf(contextKeys);
        if (maxUsd != null && maxUsd.signum() < 0) {
            throw new IllegalArgumentException("maxUsd is negative: " + maxUsd);
        }
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is negative: " + attempts);
        }
        Objects.requireNonNull(created, "created is null");
        Objects.requireNonNull(updated, "updated is null");
    }
}
