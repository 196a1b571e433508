package dev.consort.spi.context;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Consort keeps state outside any model: session buffers per backend, project memory, file
 * summaries, persona overrides, the usage ledger and tasks.
 *
 * <p>Implementations are thread-safe, and a write that returned normally is durable as far as the
 * store promises (the SQLite store: committed). Failures are {@link ContextStoreException}s.
 *
 * @since 1.0
 */
public interface ContextStore extends AutoCloseable {

    // ---- sessions -------------------------------------------------------------------------------

    /**
     * The conversation buffer of one backend in one session, oldest first.
     *
     * @param sessionId the session; not null
     * @param backend   the backend's name; not null
     * @return the messages; never null
     */
    List<Message> sessionMessages(String sessionId, String backend);

    /**
     * Appends to a backend's buffer, all or nothing.
     *
     * @param sessionId the session; not null
     * @param backend   the backend's name; not null
     * @param messages  the messages; not null
     */
    void appendSessionMessages(String sessionId, String backend, List<Message> messages);

    /**
     * Empties one backend's buffer in a session, or every backend's when {@code backend} is null.
     * Project memory is not touched.
     *
     * @param sessionId the session; not null
     * @param backend   the backend's name, or null for all
     */
    void resetSession(String sessionId, String backend);

    /**
     * The sessions the store knows, most recent first.
     *
     * @return the sessions; never null
     */
    List<SessionInfo> sessions();

    // ---- project memory -------------------------------------------------------------------------

    /**
     * Adds or replaces a fact by key.
     *
     * @param fact the fact; not null
     */
    void putFact(Fact fact);

    /**
     * A fact by key.
     *
     * @param key the key; not null
     * @return the fact, if present
     */
    Optional<Fact> fact(String key);

    /**
     * Every fact, by key.
     *
     * @return the facts; never null
     */
    List<Fact> facts();

    /**
     * Removes a fact.
     *
     * @param key the key; not null
     * @return true when it was there
     */
    boolean forgetFact(String key);

    /**
     * Fetches excerpts of project memory within a token budget: facts named by key first, in order,
     * then the best full-text matches of the query; the last excerpt may be trimmed to fit.
     *
     * @param retrieval what to fetch; not null
     * @return the excerpts, whose tokens add up to at most the budget; never null
     */
    List<Excerpt> retrieve(Retrieval retrieval);

    // ---- file summaries -------------------------------------------------------------------------

    /**
     * A cached summary of a file, valid for exactly this content.
     *
     * @param path          the file's path relative to the project; not null
     * @param contentSha256 the hex SHA-256 of its current content; not null
     * @return the summary, if one was made for this content
     */
    Optional<FileSummary> fileSummary(String path, String contentSha256);

    /**
     * Caches a summary, replacing any older one of the same path.
     *
     * @param summary the summary; not null
     */
    void putFileSummary(FileSummary summary);

    // ---- personas -------------------------------------------------------------------------------

    /**
     * The user's persona for a backend, where one was set.
     *
     * @param backend the backend's name; not null
     * @return the override, if any
     */
    Optional<Persona> personaOverride(String backend);

    /**
     * Sets the user's persona for a backend.
     *
     * @param backend the backend's name; not null
     * @param persona the persona; not null
     */
    void setPersonaOverride(String backend, Persona persona);

    /**
     * Removes the user's persona for a backend, so its default applies again.
     *
     * @param backend the backend's name; not null
     */
    void clearPersonaOverride(String backend);

    // ---- usage ledger ---------------------------------------------------------------------------

    /**
     * Appends one call to the usage ledger.
     *
     * @param record the call; not null
     */
    void recordUsage(UsageRecord record);

    /**
     * Adds up the ledger per backend.
     *
     * @param scope which rows; not null
     * @return totals by backend name; never null
     */
    Map<String, UsageStats> usageByBackend(UsageScope scope);

    // ---- tasks ----------------------------------------------------------------------------------

    /**
     * Adds or replaces a task by id.
     *
     * @param task the task; not null
     */
    void saveTask(TaskRecord task);

    /**
     * A task by id.
     *
     * @param id the id; not null
     * @return the task, if present
     */
    Optional<TaskRecord> task(String id);

    /**
     * Every task, by priority (highest first) then age (oldest first).
     *
     * @return the tasks; never null
     */
    List<TaskRecord> tasks();

    /**
     * Atomically takes a task for a worker: it becomes {@code RUNNING}, owned by the worker until now +
     * {@code lease}, with one more attempt. Without an id, the next task in run order (priority, then age)
     * that is {@code QUEUED}, or {@code RUNNING} / {@code WAITING_APPROVAL} with a lease that ran out (its
     * worker died). With an id, that task if it is in one of those states. Two workers never get the same
     * task while a lease holds, even in different processes or on different machines sharing the store.
     *
     * @param worker the worker's id (unique per process); not blank
     * @param lease  how long the claim holds unless renewed; positive
     * @param taskId one task to take, or null for the next
     * @return the task as claimed, or empty when none may be taken
     */
    Optional<TaskRecord> claimTask(String worker, Duration lease, String taskId);

    /**
     * Extends a worker's claim on a task.
     *
     * @param taskId the task; not null
     * @param worker the worker; not null
     * @param lease  the new lease from now; positive
     * @return false when the worker no longer holds the task (it was cancelled, or taken over after its
     *         lease ran out): the worker must stop working on it
     */
    boolean renewTaskLease(String taskId, String worker, Duration lease);

    /**
     * Saves a task only while the given worker still holds it (compare and set on the owner): the way a
     * worker records progress and releases a task, so a worker that lost its claim cannot overwrite the
     * new owner's or a cancellation's state.
     *
     * @param task   the task as it should be stored (its owner may be null to release it); not null
     * @param worker the owner the stored task must have now; not null
     * @return true when saved, false when the worker no longer holds it
     */
    boolean saveClaimedTask(TaskRecord task, String worker);

    /**
     * Appends a step to a task's history; the store numbers it.
     *
     * @param event the step (its {@code seq} is ignored); not null
     * @return the step as stored, numbered
     */
    TaskEvent appendTaskEvent(TaskEvent event);

    /**
     * A task's history, in order.
     *
     * @param taskId the task; not null
     * @return the steps; never null
     */
    List<TaskEvent> taskEvents(String taskId);

    // ---- shared budgets -------------------------------------------------------------------------

    /**
     * Budgets that several instances sharing this store enforce together, where the store offers them.
     *
     * @return the shared budgets, or empty (the default) for a store that one process keeps, whose
     *         budgets Consort holds in memory
     * @since 1.0
     */
    default Optional<SharedBudgets> sharedBudgets() {
        return Optional.empty();
    }

    /** Releases the store's resources. Never throws. */
    @Override
    void close();
}
