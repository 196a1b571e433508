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
 * @param owner       the worker running it (while {@code RUNNING} or {@code WAITING_APPROVAL}), or null
 * @param leaseUntil  until when the owner's claim holds; after it another worker may take the task over;
 *                    null when nobody owns it
 * @since 1.0
 */
public record TaskRecord(String id, String title, String type, TaskStatus status, int priority, String sessionId,
                         String prompt, List<String> contextKeys, BigDecimal maxUsd, int maxSteps, int attempts,
                         Instant created, Instant updated, String result, String error, String owner,
                         Instant leaseUntil) {

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
        if ((owner == null) != (leaseUntil == null)) {
            throw new IllegalArgumentException("owner and leaseUntil go together: " + owner + ", " + leaseUntil);
        }
    }

    /**
     * A new queued task, owned by nobody.
     *
     * @param id          a unique id
     * @param title       a short title
     * @param type        the task type
     * @param priority    higher runs first
     * @param sessionId   its session
     * @param prompt      what to do
     * @param contextKeys facts and files pulled into its prompt
     * @param maxUsd      its own spending limit, or null
     * @param maxSteps    the most model calls it may make
     * @param now         its creation time
     * @return the task
     */
    public static TaskRecord queued(String id, String title, String type, int priority, String sessionId, String prompt,
                                    List<String> contextKeys, BigDecimal maxUsd, int maxSteps, Instant now) {
        return new TaskRecord(id, title, type, TaskStatus.QUEUED, priority, sessionId, prompt, contextKeys, maxUsd,
                maxSteps, 0, now, now, null, null, null, null);
    }

    /**
     * This task in another status, still owned as it is.
     *
     * @param newStatus the status
     * @param newResult the result, or null
     * @param newError  the error, or null
     * @param now       the update time
     * @return the task
     */
    public TaskRecord with(TaskStatus newStatus, String newResult, String newError, Instant now) {
        return new TaskRecord(id, title, type, newStatus, priority, sessionId, prompt, contextKeys, maxUsd, maxSteps,
                attempts, created, now, newResult, newError, owner, leaseUntil);
    }

    /**
     * This task in a final or queued status, owned by nobody.
     *
     * @param newStatus the status
     * @param newResult the result, or null
     * @param newError  the error, or null
     * @param now       the update time
     * @return the task
     */
    public TaskRecord released(TaskStatus newStatus, String newResult, String newError, Instant now) {
        return new TaskRecord(id, title, type, newStatus, priority, sessionId, prompt, contextKeys, maxUsd, maxSteps,
                attempts, created, now, newResult, newError, null, null);
    }

    /**
     * This task claimed by a worker: running, one more attempt, with a lease.
     *
     * @param worker the worker
     * @param until  the end of its lease
     * @param now    the update time
     * @return the task
     */
    public TaskRecord claimedBy(String worker, Instant until, Instant now) {
        return new TaskRecord(id, title, type, TaskStatus.RUNNING, priority, sessionId, prompt, contextKeys, maxUsd,
                maxSteps, attempts + 1, created, now, result, error, worker, until);
    }
}
