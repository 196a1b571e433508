package dev.consort.context.sql;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.ContextStoreException;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Fact;
import dev.consort.spi.context.FileSummary;
import dev.consort.spi.context.Retrieval;
import dev.consort.spi.context.SessionInfo;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ContextStore} on a SQL database: the same SQL and logic on SQLite and PostgreSQL, which differ
 * only in their {@link SqlDatabase} (transactions, failures) and {@link SqlDialect} (full-text index, claim
 * locks). Every method is one transaction: a write that returns has committed. Thread-safe; several
 * processes may share the database.
 */
public class SqlContextStore implements ContextStore {

    private static final String FACT = "fact";

    private final SqlDatabase db;
    private final SqlDialect dialect;
    private final Clock clock;

    /**
     * Makes a store on an open database; closing the store closes the database.
     *
     * @param db      the database, migrated; not null
     * @param dialect where the database differs; not null
     * @param clock   for time stamps the store makes itself; not null
     */
    public SqlContextStore(SqlDatabase db, SqlDialect dialect, Clock clock) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.dialect = Objects.requireNonNull(dialect, "dialect is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * The database.
     *
     * @return it; never null
     */
    protected final SqlDatabase database() {
        return db;
    }

    // ---- sessions -------------------------------------------------------------------------------

    @Override
    public List<Message> sessionMessages(String sessionId, String backend) {
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(backend, "backend is null");
        return db.read("reading session messages", c -> SessionTable.messages(c, sessionId, backend));
    }

    @Override
    public void appendSessionMessages(String sessionId, String backend, List<Message> messages) {
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(backend, "backend is null");
        List<Message> copy = List.copyOf(Objects.requireNonNull(messages, "messages is null"));
        if (copy.isEmpty()) {
            return;
        }
        db.write("appending session messages", c -> {
            dialect.lockSequence(c, "session " + sessionId + " " + backend);
            SessionTable.append(c, sessionId, backend, copy, clock.instant());
            return null;
        });
    }

    @Override
    public void resetSession(String sessionId, String backend) {
        Objects.requireNonNull(sessionId, "sessionId is null");
        db.write("resetting a session", c -> {
            SessionTable.reset(c, sessionId, backend);
            return null;
        });
    }

    @Override
    public List<SessionInfo> sessions() {
        return db.read("listing sessions", SessionTable::sessions);
    }

    // ---- project memory -------------------------------------------------------------------------

    @Override
    public void putFact(Fact fact) {
        Objects.requireNonNull(fact, "fact is null");
        db.write("saving a fact", c -> {
            FactTable.put(c, fact);
            return null;
        });
    }

    @Override
    public Optional<Fact> fact(String key) {
        Objects.requireNonNull(key, "key is null");
        return db.read("reading a fact", c -> FactTable.get(c, key));
    }

    @Override
    public List<Fact> facts() {
        return db.read("listing facts", FactTable::all);
    }

    @Override
    public boolean forgetFact(String key) {
        Objects.requireNonNull(key, "key is null");
        return db.write("forgetting a fact", c -> FactTable.forget(c, key));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Facts named by key score 1; full-text matches score what the database's ranking gives (see
     * {@link FactSearch} for how the work is bounded). The caller's token counter runs inside the read transaction.
     */
    @Override
    public List<Excerpt> retrieve(Retrieval retrieval) {
        Objects.requireNonNull(retrieval, "retrieval is null");
        List<String> words = QueryWords.of(retrieval.query());
        return db.read("retrieving excerpts", c -> {
            ExcerptBudget budget = new ExcerptBudget(retrieval.tokenBudget(), retrieval.tokenCounter());
            Set<String> taken = new HashSet<>();
            for (String key : retrieval.keys()) {
                if (budget.isSpent()) {
                    break;
                }
                if (taken.add(key)) {
                    Optional<Fact> fact = FactTable.get(c, key);
                    if (fact.isPresent()) {
                        budget.offer(FACT, key, fact.get().text(), 1.0);
                    }
                }
            }
            if (!words.isEmpty() && !budget.isSpent()) {
                FactSearch.search(c, dialect.facts(), words, (key, text, score) -> !taken.add(key) || budget.offer(FACT, key, text, score));
            }
            return budget.excerpts();
        });
    }

    // ---- file summaries -------------------------------------------------------------------------

    @Override
    public Optional<FileSummary> fileSummary(String path, String contentSha256) {
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(contentSha256, "contentSha256 is null");
        return db.read("reading a file summary", c -> FileSummaryTable.get(c, path, contentSha256));
    }

    @Override
    public void putFileSummary(FileSummary summary) {
        Objects.requireNonNull(summary, "summary is null");
        db.write("saving a file summary", c -> {
            FileSummaryTable.put(c, summary);
            return null;
        });
    }

    // ---- personas -------------------------------------------------------------------------------

    @Override
    public Optional<Persona> personaOverride(String backend) {
        Objects.requireNonNull(backend, "backend is null");
        return db.read("reading a persona override", c -> PersonaTable.get(c, backend));
    }

    @Override
    public void setPersonaOverride(String backend, Persona persona) {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(persona, "persona is null");
        db.write("saving a persona override", c -> {
            PersonaTable.put(c, backend, persona, clock.instant());
            return null;
        });
    }

    @Override
    public void clearPersonaOverride(String backend) {
        Objects.requireNonNull(backend, "backend is null");
        db.write("clearing a persona override", c -> {
            PersonaTable.delete(c, backend);
            return null;
        });
    }

    // ---- usage ledger ---------------------------------------------------------------------------

    @Override
    public void recordUsage(UsageRecord record) {
        Objects.requireNonNull(record, "record is null");
        db.write("recording usage", c -> {
            UsageLedgerTable.record(c, record);
            return null;
        });
    }

    @Override
    public Map<String, UsageStats> usageByBackend(UsageScope scope) {
        Objects.requireNonNull(scope, "scope is null");
        return db.read("adding up usage", c -> UsageLedgerTable.totalsByBackend(c, scope));
    }

    // ---- tasks ----------------------------------------------------------------------------------

    @Override
    public void saveTask(TaskRecord task) {
        Objects.requireNonNull(task, "task is null");
        db.write("saving a task", c -> {
            TaskTable.save(c, task);
            return null;
        });
    }

    @Override
    public Optional<TaskRecord> task(String id) {
        Objects.requireNonNull(id, "id is null");
        return db.read("reading a task", c -> TaskTable.get(c, id));
    }

    @Override
    public List<TaskRecord> tasks() {
        return db.read("listing tasks", TaskTable::all);
    }

    @Override
    public Optional<TaskRecord> claimTask(String worker, Duration lease, String taskId) {
        requireWorker(worker, lease);
        return db.write("claiming a task", c -> {
            java.time.Instant now = clock.instant();
            Optional<TaskRecord> next = TaskTable.claimable(c, taskId, now, dialect.claimLock(taskId != null));
            if (next.isPresent()) {
                TaskRecord claimed = next.get().claimedBy(worker, now.plus(lease), now);
                TaskTable.save(c, claimed);
                return Optional.of(claimed);
            }
            return next;
        });
    }

    @Override
    public boolean renewTaskLease(String taskId, String worker, Duration lease) {
        Objects.requireNonNull(taskId, "taskId is null");
        requireWorker(worker, lease);
        return db.write("renewing a task lease", c -> TaskTable.renew(c, taskId, worker, clock.instant().plus(lease)));
    }

    @Override
    public boolean saveClaimedTask(TaskRecord task, String worker) {
        Objects.requireNonNull(task, "task is null");
        Objects.requireNonNull(worker, "worker is null");
        return db.write("saving a claimed task", c -> TaskTable.saveIfOwner(c, task, worker));
    }

    private static void requireWorker(String worker, Duration lease) {
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("worker is blank");
        }
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws ContextStoreException when no task has the event's task id
     */
    @Override
    public TaskEvent appendTaskEvent(TaskEvent event) {
        Objects.requireNonNull(event, "event is null");
        return db.write("appending a task event", c -> {
            dialect.lockSequence(c, "task " + event.taskId());
            if (!TaskTable.exists(c, event.taskId())) {
                throw new ContextStoreException("Context store " + db.name() + " has no task '" + event.taskId()
                        + "'; save the task before appending to its history", null);
            }
            return TaskEventTable.append(c, event);
        });
    }

    @Override
    public List<TaskEvent> taskEvents(String taskId) {
        Objects.requireNonNull(taskId, "taskId is null");
        return db.read("reading task events", c -> TaskEventTable.forTask(c, taskId));
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + db.name() + "]";
    }
}
