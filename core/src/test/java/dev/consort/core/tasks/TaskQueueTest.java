package dev.consort.core.tasks;

import static dev.consort.core.orchestrator.ScriptedBackend.answer;
import static dev.consort.core.orchestrator.ScriptedBackend.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.TaskQueue;
import dev.consort.core.api.TaskQueue.NewTask;
import dev.consort.core.config.TaskSettings;
import dev.consort.core.orchestrator.Rig;
import dev.consort.core.orchestrator.ScriptedBackend;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task queue on the in-memory store, a scripted backend and the test tools. */
class TaskQueueTest {

    @TempDir
    Path tmp;

    private static NewTask task(String type, String prompt, int priority) {
        return new NewTask(null, type, prompt, List.of(), priority, null, 0);
    }

    private static List<String> kinds(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::kind).toList();
    }

    @Test
    void addsTasksInRunOrderAndFindsThemByPrefix() {
        try (Rig rig = Rig.in(tmp).backend(ScriptedBackend.named("a")).build()) {
            TaskQueue q = rig.consort().tasks();
            TaskRecord low = q.add(task("code", "low first", 0));
            TaskRecord high = q.add(task("review", "high later\nsecond line", 5));

            assertEquals(List.of(high.id(), low.id()), q.list().stream().map(TaskRecord::id).toList());
            assertEquals("high later", high.title());
            assertEquals(20, high.maxSteps(), "tasks.max_steps by default");
            assertEquals(TaskStatus.QUEUED, high.status());
            assertEquals(Rig.SESSION, high.sessionId());
            assertEquals(high, q.get(high.id().substring(0, 6)));
            assertEquals("no task 'zz' (see consort task list)",
                    assertThrows(IllegalArgumentException.class, () -> q.get("zz")).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> q.add(task("Code Review", "x", 0)))
                    .getMessage().startsWith("task type 'Code Review' must be a lower-case word"));
            assertEquals("the task's prompt is empty",
                    assertThrows(IllegalArgumentException.class, () -> q.add(task("code", " ", 0))).getMessage());
        }
    }

    @Test
    void aTaskReadsAFileWritesOneAndFinishesWithEveryStepInItsHistory() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").then(
                toolCall("peek", "{\"path\":\"in.txt\"}"),
                toolCall("touch", "{\"path\":\"out.txt\"}"),
                answer("copied and done"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust, allow: [touch]}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("in.txt"), "input");
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(new NewTask("copy", "code", "read in.txt, write out.txt", List.of(), 0, null, 5));

            TaskRecord done = q.run(t.id(), new TaskQueue.Listener() {
            });

            assertEquals(TaskStatus.DONE, done.status());
            assertEquals("copied and done", done.result());
            assertNull(done.owner());
            assertEquals(1, done.attempts());
            assertTrue(Files.exists(rig.work.resolve("out.txt")));
            TaskQueue.Report report = q.report(t.id());
            assertEquals(List.of("queued", "started", "prompt", "model", "tool_result", "model", "tool_result", "model",
                    "finished"), kinds(report.events()));
            assertEquals(3, report.steps());
            assertTrue(report.events().get(4).payloadJson().contains("\"name\":\"peek\""));
            assertTrue(report.events().get(4).payloadJson().contains("\"content\":\"input\""));
            assertTrue(report.events().getLast().payloadJson().contains("\"ending\":\"answered\""));
            assertEquals("input", a.requests().get(1).messages().getLast().content(), "peek's result went back");
            String audit = Files.readString(rig.consort().auditLog());
            assertTrue(audit.contains("\"task\":\"" + t.id() + "\""), audit);
            assertThrows(IllegalStateException.class, () -> q.run(t.id(), new TaskQueue.Listener() {
            }), "a finished task does not run again");
        }
    }

    @Test
    void maxStepsAndTheTasksOwnLimitEndItAsFailedWithTheReason() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(toolCall("peek", "{\"path\":\"x.txt\"}"));
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            Files.writeString(rig.work.resolve("x.txt"), "x");
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(new NewTask("spin", "code", "go", List.of(), 0, null, 2));

            TaskRecord failed = q.run(t.id(), new TaskQueue.Listener() {
            });

            assertEquals(TaskStatus.FAILED, failed.status());
            assertEquals("max_steps: stopped after 2 model calls (max_steps) with 1 tool call not run", failed.error());
        }
    }

    @Test
    void theTaskBudgetStopsItBeforeACallItCannotAfford() {
        ScriptedBackend a = ScriptedBackend.named("a").then(answer("never"));
        try (Rig rig = Rig.in(tmp).yaml("pricing:\n  model-a: {input: \"1000\", output: \"1000\"}\n").backend(a).build()) {
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(new NewTask("tiny", "chat", "hello", List.of(), 0, new BigDecimal("0.000001"), 0));

            TaskRecord failed = q.run(t.id(), new TaskQueue.Listener() {
            });

            assertEquals(TaskStatus.FAILED, failed.status());
            assertTrue(failed.error().startsWith("budget: budget exceeded"), failed.error());
            assertTrue(a.requests().isEmpty());
        }
    }

    @Test
    void cancellingARunningTaskStopsItsLoop() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a");
        try (Rig rig = Rig.in(tmp).yaml("tools: {mode: trust}\n").backend(a).build()) {
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(task("code", "nap", 0));
            // The model asks for 'nap', which sleeps a minute unless interrupted; the user cancels meanwhile.
            a.then(toolCall("nap", "{}"), answer("never reached"));
            Thread runner = Thread.ofVirtual().start(() -> q.run(t.id(), new TaskQueue.Listener() {
            }));
            while (q.get(t.id()).status() != TaskStatus.RUNNING || a.requests().isEmpty()) {
                Thread.sleep(5);
            }
            TaskRecord cancelled = q.cancel(t.id());
            runner.join(Duration.ofSeconds(30));

            assertEquals(TaskStatus.CANCELLED, cancelled.status());
            assertEquals(TaskStatus.CANCELLED, q.get(t.id()).status());
            assertEquals("cancelled by the user", q.get(t.id()).error());
            assertTrue(kinds(q.report(t.id()).events()).contains("cancelled"));
            assertEquals("task " + t.id() + " has already ended (cancelled)",
                    assertThrows(IllegalStateException.class, () -> q.cancel(t.id())).getMessage());
        }
    }

    /** A worker id of this host for a process that has ended. */
    private static String deadWorker() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        WorkerId me = WorkerId.ofThisProcess();
        return new WorkerId(me.host(), p.pid(), p.info().startInstant().map(Instant::toEpochMilli).orElse(1L), "dead")
                .toString();
    }

    private static TaskRecord runningBy(TaskRecord t, String owner, int attempts) {
        return new TaskRecord(t.id(), t.title(), t.type(), TaskStatus.RUNNING, t.priority(), t.sessionId(), t.prompt(),
                t.contextKeys(), t.maxUsd(), t.maxSteps(), attempts, t.created(), t.updated(), null, null, owner,
                Instant.now().plusSeconds(3600));
    }

    @Test
    void aTaskLeftRunningByADeadProcessIsQueuedAgainThenFailedAfterMaxTries() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(answer("recovered"));
        try (Rig rig = Rig.in(tmp).yaml("tasks: {max_tries: 2}\n").backend(a).build()) {
            TaskQueue q = rig.consort().tasks();
            ContextStore store = rig.store();
            TaskRecord once = q.add(task("code", "crashed once", 0));
            TaskRecord twice = q.add(task("code", "crashed twice", 0));
            TaskRecord alive = q.add(task("code", "still running elsewhere", 0));
            store.saveTask(runningBy(once, deadWorker(), 1));
            store.saveTask(runningBy(twice, deadWorker(), 2));
            store.saveTask(runningBy(alive, WorkerId.ofThisProcess().toString(), 1));

            List<TaskRecord> changed = q.recover();

            assertEquals(2, changed.size());
            assertEquals(TaskStatus.QUEUED, q.get(once.id()).status());
            assertEquals(TaskStatus.FAILED, q.get(twice.id()).status());
            assertTrue(q.get(twice.id()).error().startsWith("left running by a process that died, 2 times"));
            assertEquals(TaskStatus.RUNNING, q.get(alive.id()).status(), "its process is alive: left alone");
            assertTrue(kinds(q.report(once.id()).events()).contains("requeued"));

            List<TaskRecord> ran = q.runAll(1, new TaskQueue.Listener() {
            });
            assertEquals(List.of(once.id()), ran.stream().map(TaskRecord::id).toList());
            assertEquals("recovered", q.get(once.id()).result());
            assertEquals(2, q.get(once.id()).attempts());
        }
    }

    @Test
    void aTaskWhoseWorkerStoppedRenewingIsTakenOverAfterItsLease() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(answer("taken over"));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            ContextStore store = rig.store();
            DefaultTaskQueue q = new DefaultTaskQueue(store, rig.consort().toolLoop(),
                    new TaskSettings(5, 3, Duration.ofSeconds(30)), Rig.SESSION, rig.clock);
            TaskRecord t = q.add(task("code", "hang", 0));
            // Another machine's worker claimed it and went silent.
            store.claimTask("elsewhere/1@1/x", Duration.ofSeconds(30), t.id()).orElseThrow();
            assertTrue(q.runAll(1, new TaskQueue.Listener() {
            }).isEmpty(), "not while its lease holds");
            rig.clock.advance(Duration.ofSeconds(31));

            List<TaskRecord> ran = q.runAll(1, new TaskQueue.Listener() {
            });

            assertEquals(1, ran.size());
            assertEquals(TaskStatus.DONE, ran.getFirst().status());
            assertEquals(2, ran.getFirst().attempts());
            assertTrue(!store.saveClaimedTask(ran.getFirst(), "elsewhere/1@1/x"), "the old owner cannot write");
        }
    }

    @Test
    void runsInParallelAndEveryTaskExactlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(new ScriptedBackend.Dynamic(r -> {
            calls.incrementAndGet();
            return answer("did " + r.messages().getLast().content());
        }));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            TaskQueue q = rig.consort().tasks();
            for (int i = 0; i < 12; i++) {
                q.add(task("code", "job " + i, i % 3));
            }
            Map<String, Integer> starts = new ConcurrentHashMap<>();

            List<TaskRecord> ran = q.runAll(4, new TaskQueue.Listener() {
                @Override
                public void started(TaskRecord task) {
                    starts.merge(task.id(), 1, Integer::sum);
                }
            });

            assertEquals(12, ran.size());
            assertEquals(12, starts.size());
            assertTrue(starts.values().stream().allMatch(n -> n == 1));
            assertEquals(12, calls.get());
            assertTrue(q.list().stream().allMatch(t -> t.status() == TaskStatus.DONE));
            assertTrue(q.list().stream().allMatch(t -> t.result().equals("did " + t.prompt())));
        }
    }

    @Test
    void aTasksContextKeysReachItsPrompt() {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(answer("ok"));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            rig.store().putFact(new dev.consort.spi.context.Fact("build", "the build command is make all",
                    List.of(), "user", Instant.now()));
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(new NewTask(null, "code", "build it", List.of("build"), 0, null, 0));

            q.run(t.id(), new TaskQueue.Listener() {
            });

            List<Message> sent = a.requests().getFirst().messages();
            assertTrue(sent.stream().anyMatch(m -> m.role() == Role.SYSTEM && m.content().contains("make all")),
                    sent.toString());
        }
    }

    @Test
    void fileKeysBringTheFilesCachedSummaryOrWithoutASummarizerItsText() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a").otherwise(answer("ok"));
        ScriptedBackend sum = ScriptedBackend.named("sum").otherwise(answer("SUMMARY of the design"));
        try (Rig rig = Rig.in(tmp).yaml("""
                backends: {a: {type: scripted}, sum: {type: scripted}}
                routing: {rules: {code: [a]}}
                summaries: {backend: sum}
                """).configured(a, sum).build()) {
            Files.writeString(rig.work.resolve("design.md"), "a long design document ".repeat(50));
            TaskQueue q = rig.consort().tasks();
            for (int i = 0; i < 2; i++) {
                TaskRecord t = q.add(new NewTask(null, "code", "follow the design", List.of("file:design.md"), 0, null,
                        0));
                q.run(t.id(), new TaskQueue.Listener() {
                });
            }

            for (var request : a.requests()) {
                assertTrue(request.messages().stream().anyMatch(m -> m.role() == Role.SYSTEM
                        && m.content().contains("file:design.md (summary): SUMMARY of the design")), request.toString());
            }
            assertEquals(1, sum.requests().size(), "the unchanged file is summarized once");
        }
        ScriptedBackend b = ScriptedBackend.named("b").otherwise(answer("ok"));
        try (Rig rig = Rig.in(tmp.resolve("second")).backend(b).build()) {
            Files.writeString(rig.work.resolve("notes.txt"), "remember the milk");
            TaskQueue q = rig.consort().tasks();
            TaskRecord t = q.add(new NewTask(null, "code", "shop", List.of("file:notes.txt", "file:missing.txt"), 0,
                    null, 0));
            assertEquals(TaskStatus.DONE, q.run(t.id(), new TaskQueue.Listener() {
            }).status());
            assertTrue(b.requests().getFirst().messages().stream().anyMatch(m -> m.role() == Role.SYSTEM
                    && m.content().contains("file:notes.txt: remember the milk")), b.requests().toString());
        }
    }
}
