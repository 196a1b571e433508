package dev.consort.core.context;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code memory} store: everything in maps, gone with the process. For tests and throw-away runs;
 * full-text retrieval ranks facts by how many query terms they contain. Thread-safe (one lock).
 */
public final class InMemoryContextStore implements ContextStore {

    private final Map<String, Map<String, List<Message>>> sessions = new LinkedHashMap<>();
    private final Map<String, Instant> sessionActivity = new HashMap<>();
    private final Map<String, Fact> facts = new TreeMap<>();
    private final Map<String, FileSummary> summaries = new HashMap<>();
    private final Map<String, Persona> personas = new HashMap<>();
    /**
     * The ledger, added up per session, backend and second: a long-running process (a gateway) keeps
     * one entry per second of use rather than one per call. Scopes that start on a whole second (budget
     * periods do) stay exact.
     */
    private final Map<LedgerKey, UsageStats> ledger = new HashMap<>();

    private record LedgerKey(String sessionId, String backend, long second) {
    }
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<String, List<TaskEvent>> events = new HashMap<>();
    private final Clock clock;

    /** A store on the system clock. */
    public InMemoryContextStore() {
        this(Clock.systemUTC());
    }

    /**
     * A store whose task leases follow the given clock.
     *
     * @param clock the clock; not null
     */
    public InMemoryContextStore(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized List<Message> sessionMessages(String sessionId, String backend) {
        return List.copyOf(sessions.getOrDefault(sessionId, Map.of()).getOrDefault(backend, List.of()));
    }

    @Override
    public synchronized void appendSessionMessages(String sessionId, String backend, List<Message> messages) {
        sessions.computeIfAbsent(sessionId, s -> new LinkedHashMap<>())
                .computeIfAbsent(backend, b -> new ArrayList<>()).addAll(List.copyOf(messages));
        sessionActivity.put(sessionId, Instant.now());
    }

    @Override
    public synchronized void resetSession(String sessionId, String backend) {
        Map<String, List<Message>> s = sessions.get(sessionId);
        if (s == null) {
            return;
        }
        if (backend == null) {
            s.clear();
        } else {
            s.remove(backend);
        }
    }

    @Override
    public synchronized List<SessionInfo> sessions() {
        return sessions.entrySet().stream()
                .map(e -> new SessionInfo(e.getKey(), e.getValue().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, x -> x.getValue().size())),
                        sessionActivity.getOrDefault(e.getKey(), Instant.EPOCH)))
                .sorted(Comparator.comparing(SessionInfo::lastActive).reversed()).toList();
    }

    @Override
    public synchronized void putFact(Fact fact) {
        facts.put(fact.key(), fact);
    }

    @Override
    public synchronized Optional<Fact> fact(String key) {
        return Optional.ofNullable(facts.get(key));
    }

    @Override
    public synchronized List<Fact> facts() {
        return List.copyOf(facts.values());
    }

    @Override
    public synchronized boolean forgetFact(String key) {
        return facts.remove(key) != null;
    }

    @Override
    public synchronized List<Excerpt> retrieve(Retrieval retrieval) {
        List<Excerpt> out = new ArrayList<>();
        int left = retrieval.tokenBudget();
        Set<String> taken = new java.util.HashSet<>();
        for (String key : retrieval.keys()) {
            Fact f = facts.get(key);
            if (f == null || left <= 0) {
                continue;
            }
            Excerpt e = ExcerptTrimmer.fit("fact", f.key(), f.text(), 1.0, left, retrieval.tokenCounter());
            if (e != null) {
                out.add(e);
                left -= e.tokens();
                taken.add(key);
            }
        }
        if (retrieval.query() != null && !retrieval.query().isBlank() && left > 0) {
            List<String> terms = List.of(retrieval.query().toLowerCase(Locale.ROOT).split("\\W+")).stream()
                    .filter(t -> !t.isBlank()).toList();
            List<Map.Entry<Fact, Integer>> ranked = facts.values().stream().filter(f -> !taken.contains(f.key()))
                    .map(f -> Map.entry(f, score(f, terms))).filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<Fact, Integer>comparingByValue().reversed()).toList();
            for (Map.Entry<Fact, Integer> e : ranked) {
                if (left <= 0) {
                    break;
                }
                Excerpt x = ExcerptTrimmer.fit("fact", e.getKey().key(), e.getKey().text(), e.getValue(), left,
                        retrieval.tokenCounter());
                if (x != null) {
                    out.add(x);
                    left -= x.tokens();
                }
            }
        }
        return out;
    }

    private static int score(Fact f, List<String> terms) {
        String text = (f.key() + " " + f.text() + " " + String.join(" ", f.tags())).toLowerCase(Locale.ROOT);
        int s = 0;
        for (String t : terms) {
            if (text.contains(t)) {
                s++;
            }
        }
        return s;
    }

    @Override
    public synchronized Optional<FileSummary> fileSummary(String path, String contentSha256) {
        return Optional.ofNullable(summaries.get(path)).filter(s -> s.contentSha256().equals(contentSha256));
    }

    @Override
    public synchronized void putFileSummary(FileSummary summary) {
        summaries.put(summary.path(), summary);
    }

    @Override
    public synchronized Optional<Persona> personaOverride(String backend) {
        return Optional.ofNullable(personas.get(backend));
    }

    @Override
    public synchronized void setPersonaOverride(String backend, Persona persona) {
        personas.put(backend, persona);
    }

    @Override
    public synchronized void clearPersonaOverride(String backend) {
        personas.remove(backend);
    }

    @Override
    public synchronized void recordUsage(UsageRecord record) {
        ledger.merge(new LedgerKey(record.sessionId(), record.backend(), record.time().getEpochSecond()),
                UsageStats.of(record.usage(), record.costUsd(), record.failed()), UsageStats::plus);
    }

    @Override
    public synchronized Map<String, UsageStats> usageByBackend(UsageScope scope) {
        Map<String, UsageStats> out = new TreeMap<>();
        for (Map.Entry<LedgerKey, UsageStats> e : ledger.entrySet()) {
            LedgerKey k = e.getKey();
            boolean in = switch (scope) {
                case UsageScope.All a -> true;
                case UsageScope.Session s -> s.sessionId().equals(k.sessionId());
                case UsageScope.Since s -> k.second() >= s.from().getEpochSecond();
            };
            if (in) {
                out.merge(k.backend(), e.getValue(), UsageStats::plus);
            }
        }
        return out;
    }

    @Override
    public synchronized void saveTask(TaskRecord task) {
        tasks.put(task.id(), task);
    }

    @Override
    public synchronized Optional<TaskRecord> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized List<TaskRecord> tasks() {
        return tasks.values().stream()
                .sorted(Comparator.comparingInt(TaskRecord::priority).reversed().thenComparing(TaskRecord::created))
                .toList();
    }

    @Override
    public synchronized Optional<TaskRecord> claimTask(String worker, Duration lease, String taskId) {
        Instant now = clock.instant();
        Optional<TaskRecord> next = taskId != null
                ? Optional.ofNullable(tasks.get(taskId)).filter(t -> claimable(t, now))
                : tasks().stream().filter(t -> claimable(t, now)).findFirst();
        return next.map(t -> {
            TaskRecord claimed = t.claimedBy(worker, now.plus(lease), now);
            tasks.put(claimed.id(), claimed);
            return claimed;
        });
    }

    private static boolean claimable(TaskRecord t, Instant now) {
        return switch (t.status()) {
            case QUEUED -> true;
            case RUNNING, WAITING_APPROVAL -> t.leaseUntil() == null || t.leaseUntil().isBefore(now);
            default -> false;
        };
    }

    @Override
    public synchronized boolean renewTaskLease(String taskId, String worker, Duration lease) {
        TaskRecord t = tasks.get(taskId);
        if (t == null || !worker.equals(t.owner())) {
            return false;
        }
        tasks.put(taskId, new TaskRecord(t.id(), t.title(), t.type(), t.status(), t.priority(), t.sessionId(),
                t.prompt(), t.contextKeys(), t.maxUsd(), t.maxSteps(), t.attempts(), t.created(), t.updated(),
                t.result(), t.error(), worker, clock.instant().plus(lease)));
        return true;
    }

    @Override
    public synchronized boolean saveClaimedTask(TaskRecord task, String worker) {
        TaskRecord t = tasks.get(task.id());
        if (t == null || !worker.equals(t.owner())) {
            return false;
        }
        tasks.put(task.id(), task);
        return true;
    }

    @Override
    public synchronized TaskEvent appendTaskEvent(TaskEvent event) {
        List<TaskEvent> list = events.computeIfAbsent(event.taskId(), id -> new ArrayList<>());
        TaskEvent stored = new TaskEvent(event.taskId(), list.size() + 1, event.time(), event.kind(), event.payloadJson());
        list.add(stored);
        return stored;
    }

    @Override
    public synchronized List<TaskEvent> taskEvents(String taskId) {
        return List.copyOf(events.getOrDefault(taskId, List.of()));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
