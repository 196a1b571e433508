package dev.consort.core.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.LoopListener;
import dev.consort.core.api.LoopRequest;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.TaskQueue;
import dev.consort.core.api.ToolLoop;
import dev.consort.core.api.ToolRunner;
import dev.consort.core.config.TaskSettings;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task queue on a context store and the tool loop. Every change of a running task goes through
 * the store's compare-and-set on its owner, so a worker that lost its task (cancelled, or taken over
 * after its lease ran out) cannot overwrite it.
 */
public final class DefaultTaskQueue implements TaskQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTaskQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final int RESULT_CHARS_IN_HISTORY = 8_000;

    private final ContextStore store;
    private final ToolLoop loop;
    private final TaskSettings settings;
    private final String sessionId;
    private final Clock clock;
    private final String worker = WorkerId.ofThisProcess().toString();
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();

    /**
     * A queue.
     *
     * @param store     where tasks live
     * @param loop      what runs them
     * @param settings  limits and leases
     * @param sessionId the session new tasks belong to
     * @param clock     for time stamps
     */
    public DefaultTaskQueue(ContextStore store, ToolLoop loop, TaskSettings settings, String sessionId, Clock clock) {
        this.store = store;
        this.loop = loop;
        this.settings = settings;
        this.sessionId = sessionId;
        this.clock = clock;
    }

    /** @return this queue's worker id, as tasks it runs are owned */
    public String worker() {
        return worker;
    }

    // ---- adding and reading ----------------------------------------------------------------------

    @Override
    public TaskRecord add(NewTask t) {
        if (t.prompt() == null || t.prompt().isBlank()) {
            throw new IllegalArgumentException("the task's prompt is empty");
        }
        String type = t.type() == null ? "" : t.type().strip();
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("task type '" + type + "' must be a lower-case word (letters, digits, "
                    + "'-', '_'; for example code, review, plan, parse, chat)");
        }
        if (t.maxUsd() != null && t.maxUsd().signum() <= 0) {
            throw new IllegalArgumentException("the task's max_usd must be positive, got " + t.maxUsd().toPlainString());
        }
        if (t.maxSteps() < 0) {
            throw new IllegalArgumentException("the task's max_steps must be positive, got " + t.maxSteps());
        }
        String title = t.title() == null || t.title().isBlank() ? titleOf(t.prompt()) : t.title().strip();
        TaskRecord task = TaskRecord.queued(newId(), title, type, t.priority(), sessionId, t.prompt(), t.contextKeys(),
                t.maxUsd(), t.maxSteps() == 0 ? settings.maxSteps() : t.maxSteps(), clock.instant());
        store.saveTask(task);
        event(task.id(), "queued", JSON.createObjectNode().put("title", title).put("type", type)
                .put("priority", t.priority()));
        return task;
    }

    private String newId() {
        for (; ; ) {
            byte[] b = new byte[4];
            ThreadLocalRandom.current().nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (store.task(id).isEmpty()) {
                return id;
            }
        }
    }

    private static String titleOf(String prompt) {
        String line = prompt.strip().lines().findFirst().orElse("").strip();
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }

    @Override
    public List<TaskRecord> list() {
        recover();
        return store.tasks();
    }

    @Override
    public TaskRecord get(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("no task id given");
        }
        Optional<TaskRecord> exact = store.task(id);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<TaskRecord> matches = store.tasks().stream().filter(t -> t.id().startsWith(id)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no task '" + id + "' (see consort task list)");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("task id '" + id + "' is ambiguous: "
                    + String.join(", ", matches.stream().map(TaskRecord::id).toList()));
        }
        return matches.getFirst();
    }

    @Override
    public Report report(String id) {
        TaskRecord task = get(id);
        List<TaskEvent> events = store.taskEvents(task.id());
        int steps = 0;
        BigDecimal cost = BigDecimal.ZERO;
        long in = 0;
        long out = 0;
        List<String> patches = new ArrayList<>();
        for (TaskEvent e : events) {
            JsonNode p = payload(e);
            switch (e.kind()) {
                case "model" -> {
                    steps++;
                    cost = cost.add(new BigDecimal(p.path("cost_usd").asText("0")));
                    in += p.path("prompt_tokens").asLong();
                    out += p.path("completion_tokens").asLong();
                }
                case "tool_result" -> {
                    if (p.path("name").asText().equals("apply_patch") && p.path("ok").asBoolean()) {
                        patches.add(p.path("arguments").path("patch").asText(p.path("arguments").toString()));
                    }
                }
                default -> {
                }
            }
        }
        return new Report(task, events, steps, cost, in, out, patches);
    }

    private static JsonNode payload(TaskEvent e) {
        try {
            return JSON.readTree(e.payloadJson());
        } catch (IOException ex) {
            return JSON.createObjectNode();
        }
    }

    // ---- cancelling --------------------------------------------------------------------------------

    @Override
    public TaskRecord cancel(String id) {
        TaskRecord task = get(id);
        if (task.status().finished()) {
            throw new IllegalStateException("task " + task.id() + " has already ended ("
                    + task.status().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        TaskRecord cancelled = task.released(TaskStatus.CANCELLED, task.result(), "cancelled by the user",
                clock.instant());
        store.saveTask(cancelled);
        event(task.id(), "cancelled", JSON.createObjectNode().put("was", task.status().name().toLowerCase(
                java.util.Locale.ROOT)));
        Cancellation c = running.get(task.id());
        if (c != null) {
            c.cancel("cancelled by the user");
        }
        return cancelled;
    }

    // ---- recovering --------------------------------------------------------------------------------

    @Override
    public List<TaskRecord> recover() {
        List<TaskRecord> changed = new ArrayList<>();
        for (TaskRecord t : store.tasks()) {
            if (t.status() != TaskStatus.RUNNING && t.status() != TaskStatus.WAITING_APPROVAL) {
                continue;
            }
            Optional<WorkerId> owner = WorkerId.parse(t.owner());
            if (owner.isEmpty() || !owner.get().deadHere()) {
                continue;
            }
            TaskRecord next = t.attempts() >= settings.maxTries()
                    ? t.released(TaskStatus.FAILED, null, "left running by a process that died, " + t.attempts()
                    + " time" + (t.attempts() == 1 ? "" : "s") + " (tasks.max_tries: " + settings.maxTries() + ")",
                    clock.instant())
                    : t.released(TaskStatus.QUEUED, null, null, clock.instant());
            if (store.saveClaimedTask(next, t.owner())) {
                event(t.id(), next.status() == TaskStatus.QUEUED ? "requeued" : "failed",
                        JSON.createObjectNode().put("reason", "the process running it (" + t.owner() + ") died")
                                .put("attempts", t.attempts()));
                LOG.info("task {}: its process died; {}", t.id(), next.status() == TaskStatus.QUEUED
                        ? "queued again" : "failed after " + t.attempts() + " starts");
                changed.add(next);
            }
        }
        return changed;
    }

    // ---- running -----------------------------------------------------------------------------------

    @Override
    public TaskRecord run(String id, Listener listener) {
        recover();
        TaskRecord task = get(id);
        Optional<TaskRecord> claimed = store.claimTask(worker, settings.lease(), task.id());
        if (claimed.isEmpty()) {
            TaskRecord now = store.task(task.id()).orElse(task);
            throw new IllegalStateException("task " + task.id() + " is " + describe(now) + "; only a queued task runs");
        }
        return execute(claimed.get(), listener);
    }

    private static String describe(TaskRecord t) {
        return switch (t.status()) {
            case RUNNING, WAITING_APPROVAL -> "running (worker " + t.owner() + ", lease until " + t.leaseUntil() + ")";
            default -> t.status().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public List<TaskRecord> runAll(int parallel, Listener listener) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        recover();
        List<TaskRecord> done = new CopyOnWriteArrayList<>();
        if (parallel == 1) {
            Optional<TaskRecord> next;
            while ((next = store.claimTask(worker, settings.lease(), null)).isPresent()) {
                done.add(execute(next.get(), listener));
            }
            return List.copyOf(done);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < parallel; i++) {
                pool.submit(() -> {
                    Optional<TaskRecord> next;
                    while ((next = store.claimTask(worker, settings.lease(), null)).isPresent()) {
                        done.add(execute(next.get(), listener));
                    }
                    return null;
                });
            }
        }
        return List.copyOf(done);
    }

    /** Runs a task this worker holds, to an ending saved in the store. */
    private TaskRecord execute(TaskRecord task, Listener listener) {
        if (task.attempts() > settings.maxTries()) {
            TaskRecord failed = task.released(TaskStatus.FAILED, null, "started " + (task.attempts() - 1)
                    + " times by workers that did not finish (tasks.max_tries: " + settings.maxTries() + ")",
                    clock.instant());
            if (store.saveClaimedTask(failed, worker)) {
                event(task.id(), "failed", JSON.createObjectNode().put("reason", failed.error()));
            }
            return failed;
        }
        Cancellation cancellation = new Cancellation();
        running.put(task.id(), cancellation);
        Thread heartbeat = Thread.ofVirtual().name("consort-lease-" + task.id()).start(() -> renew(task, cancellation));
        try {
            event(task.id(), "started", JSON.createObjectNode().put("worker", worker).put("attempt", task.attempts()));
            listener.started(task);
            Recorder recorder = new Recorder(task, listener.loop(task));
            LoopRequest request = new LoopRequest(List.of(Message.user(task.prompt())), task.type(), null,
                    task.contextKeys(), true, false, task.maxSteps(), task.maxUsd(), 0, task.sessionId(), task.id(),
                    waiting(task, listener.approver(task)), cancellation, listener.hints(task));
            LoopResult result = loop.run(request, recorder);
            TaskRecord saved = finish(task, result, cancellation);
            listener.finished(saved, result);
            return saved;
        } catch (RuntimeException e) {
            LOG.debug("task {} failed", task.id(), e);
            TaskRecord failed = task.released(TaskStatus.FAILED, null, "internal error: " + e, clock.instant());
            if (store.saveClaimedTask(failed, worker)) {
                event(task.id(), "finished", JSON.createObjectNode().put("status", "failed").put("detail", failed.error()));
            }
            return store.task(task.id()).orElse(failed);
        } finally {
            running.remove(task.id());
            heartbeat.interrupt();
        }
    }

    private void renew(TaskRecord task, Cancellation cancellation) {
        long every = Math.max(1, settings.lease().toMillis() / 3);
        try {
            while (!cancellation.cancelled()) {
                Thread.sleep(every);
                boolean held;
                try {
                    held = store.renewTaskLease(task.id(), worker, settings.lease());
                } catch (RuntimeException e) {
                    LOG.warn("task {}: could not renew its lease ({}); trying again", task.id(), e.getMessage());
                    continue;
                }
                if (!held) {
                    TaskRecord now = store.task(task.id()).orElse(task);
                    cancellation.cancel(now.status() == TaskStatus.CANCELLED ? "cancelled by the user"
                            : "taken over by another worker (" + now.owner() + ")");
                }
            }
        } catch (InterruptedException e) {
            // the task ended
        }
    }

    private TaskRecord finish(TaskRecord task, LoopResult r, Cancellation cancellation) {
        TaskRecord next = switch (r.ending()) {
            case ANSWERED -> task.released(TaskStatus.DONE, r.content(), null, clock.instant());
            case CANCELLED -> task.released(TaskStatus.CANCELLED, r.content(), cancellation.reason(), clock.instant());
            case MAX_STEPS, BUDGET -> task.released(TaskStatus.FAILED, r.content().isBlank() ? null : r.content(),
                    r.ending().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.detail(), clock.instant());
            case FAILED -> task.released(TaskStatus.FAILED, r.content().isBlank() ? null : r.content(), r.detail(),
                    clock.instant());
        };
        ObjectNode fin = JSON.createObjectNode().put("status", next.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("ending", r.ending().name().toLowerCase(java.util.Locale.ROOT)).put("detail", r.detail())
                .put("steps", r.steps()).put("cost_usd", r.costUsd().toPlainString())
                .put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens());
        if (store.saveClaimedTask(next, worker)) {
            event(task.id(), "finished", fin);
            return next;
        }
        // Cancelled by the user or taken over: the store has the newer word; keep what this run did.
        event(task.id(), "abandoned", fin.put("reason", cancellation.reason() == null ? "lost its claim"
                : cancellation.reason()));
        return store.task(task.id()).orElse(next);
    }

    private void event(String taskId, String kind, ObjectNode payload) {
        store.appendTaskEvent(new TaskEvent(taskId, 0, clock.instant(), kind, payload.toString()));
    }

    /** Writes each step of a task's loop to its history, and passes it on. */
    private final class Recorder implements LoopListener {
        private final TaskRecord task;
        private final LoopListener next;
        private final Map<String, ToolCall> pending = new ConcurrentHashMap<>();

        Recorder(TaskRecord task, LoopListener next) {
            this.task = task;
            this.next = next;
        }

        @Override
        public void calling(int step, List<Message> messages) {
            if (step == 1) {
                ObjectNode p = JSON.createObjectNode();
                p.put("prompt", task.prompt());
                p.set("context_keys", JSON.valueToTree(task.contextKeys()));
                event(task.id(), "prompt", p);
            }
            next.calling(step, messages);
        }

        @Override
        public void text(String backend, String delta) {
            next.text(backend, delta);
        }

        @Override
        public void restarted(String from, String to, String reason) {
            next.restarted(from, to, reason);
        }

        @Override
        public void answered(int step, Answer a) {
            ObjectNode p = JSON.createObjectNode().put("step", step).put("backend", a.backend()).put("model", a.model())
                    .put("content", a.response().content())
                    .put("finish_reason", a.response().finishReason().name().toLowerCase(java.util.Locale.ROOT))
                    .put("cost_usd", a.costUsd().toPlainString())
                    .put("prompt_tokens", a.response().usage().promptTokens())
                    .put("completion_tokens", a.response().usage().completionTokens());
            ArrayNode calls = p.putArray("tool_calls");
            for (ToolCall c : a.response().toolCalls()) {
                calls.addObject().put("id", c.id()).put("name", c.name()).set("arguments", argumentsOf(c));
            }
            p.set("attempts", attempts(a.attempts()));
            event(task.id(), "model", p);
            next.answered(step, a);
        }

        @Override
        public void failed(int step, List<Attempt> tried, String message) {
            ObjectNode p = JSON.createObjectNode().put("step", step).put("message", message);
            p.set("attempts", attempts(tried));
            event(task.id(), "model_failed", p);
            next.failed(step, tried, message);
        }

        @Override
        public void toolCalling(ToolCall call) {
            pending.put(call.id(), call);
            next.toolCalling(call);
        }

        @Override
        public void toolDone(ToolCall call, ToolRunner.Outcome outcome) {
            pending.remove(call.id());
            String content = DefaultToolLoop.forModel(outcome.result());
            ObjectNode p = JSON.createObjectNode().put("id", call.id()).put("name", call.name())
                    .put("ok", !outcome.result().error()).put("approval", outcome.approval())
                    .put("millis", outcome.millis())
                    .put("content", content.length() <= RESULT_CHARS_IN_HISTORY ? content
                            : content.substring(0, RESULT_CHARS_IN_HISTORY) + "\n[... " + (content.length()
                            - RESULT_CHARS_IN_HISTORY) + " more characters]");
            p.set("arguments", argumentsOf(call));
            event(task.id(), "tool_result", p);
            next.toolDone(call, outcome);
        }
    }

    private static JsonNode argumentsOf(ToolCall c) {
        try {
            return JSON.readTree(c.argumentsJson());
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(c.argumentsJson());
        }
    }

    private static ArrayNode attempts(List<Attempt> attempts) {
        ArrayNode a = JSON.createArrayNode();
        for (Attempt x : attempts) {
            a.addObject().put("backend", x.backend()).put("attempt", x.attempt()).put("outcome", x.outcome())
                    .put("millis", x.millis()).put("detail", x.detail());
        }
        return a;
    }

    /** The approver, marking the task as waiting while a person decides (a fixed rule never waits). */
    private Approver waiting(TaskRecord task, Approver person) {
        return person.asksAPerson() ? new WaitingApprover(task, person) : person;
    }

    /** Marks the task as waiting while a person decides a tool call. */
    private final class WaitingApprover implements Approver {
        private final TaskRecord task;
        private final Approver person;

        WaitingApprover(TaskRecord task, Approver person) {
            this.task = task;
            this.person = person;
        }

        @Override
        public String who() {
            return person.who();
        }

        @Override
        public Answer ask(ToolRequest request) {
            setStatus(TaskStatus.WAITING_APPROVAL);
            try {
                Answer answer = person.ask(request);
                event(task.id(), "approval", JSON.createObjectNode().put("tool", request.tool())
                        .put("answer", answer.name().toLowerCase(java.util.Locale.ROOT)));
                return answer;
            } finally {
                setStatus(TaskStatus.RUNNING);
            }
        }

        private void setStatus(TaskStatus status) {
            store.task(task.id()).filter(t -> worker.equals(t.owner()))
                    .ifPresent(t -> store.saveClaimedTask(t.with(status, t.result(), t.error(), clock.instant()), worker));
        }
    }
}
