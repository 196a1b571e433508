package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Consort;
import dev.consort.core.api.TaskQueue;
import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code consort task}: the project's queue of typed tasks. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Queue, run and inspect typed tasks.",
        subcommands = {TaskCommand.Add.class, TaskCommand.ListTasks.class, TaskCommand.Run.class, TaskCommand.Show.class,
                TaskCommand.Cancel.class})
final class TaskCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs an action on the queue; the queue's refusals are one line with exit 2 (bad input) or 1 (state). */
    static <T> T onQueue(ThrowingAction<T> action) throws IOException {
        try {
            return action.run();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    interface ThrowingAction<T> {
        T run() throws IOException;
    }

    /** Adds a task. */
    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false, description = "Queue a task.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        private TaskCommand parent;

        @Spec
        private CommandSpec spec;

        @Option(names = "--type", required = true, paramLabel = "T",
                description = "Task type that routes it: parse, code, review, plan, chat, or one of yours.")
        private String type;

        @Option(names = "--title", paramLabel = "TITLE", description = "A short title (default: the prompt's first line).")
        private String title;

        @Option(names = "--context", split = ",", paramLabel = "KEY",
                description = "Facts (KEY) and file summaries (file:PATH) to pull into its prompt.")
        private List<String> context = List.of();

        @Option(names = "--priority", paramLabel = "N", description = "Higher runs first (default 0).")
        private int priority;

        @Option(names = "--max-usd", paramLabel = "USD", description = "Its own spending limit, within the budgets.")
        private BigDecimal maxUsd;

        @Option(names = "--max-steps", paramLabel = "N", description = "Most model calls (default: tasks.max_steps).")
        private Integer maxSteps;

        @Parameters(paramLabel = "PROMPT", arity = "1..*", description = "What to do; '-' reads it from standard input.")
        private List<String> prompt;

        @Override
        public Integer call() throws IOException {
            String text = AskCommand.promptOf(prompt);
            if (maxSteps != null && maxSteps <= 0) {
                throw new UsageException("--max-steps must be positive, got " + maxSteps);
            }
            String body = text;
            try (Consort consort = parent.root.consort()) {
                TaskRecord t = onQueue(() -> consort.tasks().add(new TaskQueue.NewTask(title, type, body, context,
                        priority, maxUsd, maxSteps == null ? 0 : maxSteps)));
                spec.commandLine().getOut().println("queued task " + t.id() + " (" + t.type() + ", priority "
                        + t.priority() + "): " + t.title());
                return ExitCodes.OK;
            }
        }
    }

    /** Lists tasks. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks in run order.")
    static final class ListTasks implements Callable<Integer> {
        @ParentCommand
        private TaskCommand parent;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "One JSON array.")
        private boolean json;

        @Override
        public Integer call() throws IOException {
            try (Consort consort = parent.root.consort()) {
                List<TaskRecord> tasks = consort.tasks().list();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    ArrayNode a = JSON.createArrayNode();
                    tasks.forEach(t -> a.add(toJson(t)));
                    out.println(a);
                    return ExitCodes.OK;
                }
                if (tasks.isEmpty()) {
                    out.println("no tasks (add one with: consort task add --type code \"...\")");
                    return ExitCodes.OK;
                }
                print(tasks, out);
                return ExitCodes.OK;
            }
        }
    }

    static void print(List<TaskRecord> tasks, PrintWriter out) {
        Table table = new Table("ID", "STATUS", "TYPE", "PRI", "TRIES", "UPDATED", "TITLE");
        for (TaskRecord t : tasks) {
            table.row(t.id(), TaskPrinter.status(t), t.type(), String.valueOf(t.priority()), String.valueOf(t.attempts()),
                    t.updated().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                    TaskPrinter.clip(t.title(), 60));
        }
        table.print(out);
    }

    static ObjectNode toJson(TaskRecord t) {
        ObjectNode n = JSON.createObjectNode().put("id", t.id()).put("title", t.title()).put("type", t.type())
                .put("status", TaskPrinter.status(t)).put("priority", t.priority()).put("session", t.sessionId())
                .put("prompt", t.prompt()).put("max_steps", t.maxSteps()).put("attempts", t.attempts())
                .put("created", t.created().toString()).put("updated", t.updated().toString())
                .put("result", t.result()).put("error", t.error()).put("owner", t.owner());
        n.put("max_usd", t.maxUsd());
        n.set("context", JSON.valueToTree(t.contextKeys()));
        return n;
    }

    /** Runs tasks. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run one queued task, or every queued task in priority order.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        private TaskCommand parent;

        @Spec
        private CommandSpec spec;

        static final class Which {
            @Parameters(paramLabel = "ID", description = "The task (an unambiguous prefix will do).")
            String id;

            @Option(names = "--all", description = "Every queued task, until none is left.")
            boolean all;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Which which;

        @Option(names = "--parallel", paramLabel = "N", description = "With --all: run N at a time (default 1).")
        private int parallel = 1;

        @Option(names = "--yes", description = "Approve every tool call that would ask.")
        private boolean yes;

        @Option(names = "--hint", paramLabel = "KEY=VALUE",
                description = "A provider option for every call (tool_choice, reasoning_effort...); repeatable.")
        private java.util.Map<String, String> hints = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            if (parallel < 1) {
                throw new UsageException("--parallel must be at least 1, got " + parallel);
            }
            if (parallel > 1 && !which.all) {
                throw new UsageException("--parallel goes with --all");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Consort consort = parent.root.consort()) {
                ConsortCommand.noticeDefaults(consort, spec.commandLine().getErr());
                TaskQueue.Listener progress = TaskPrinter.progress(out, TerminalApprover.choose(yes), hints);
                List<TaskRecord> ran;
                if (which.all) {
                    ran = consort.tasks().runAll(parallel, progress);
                    if (ran.isEmpty()) {
                        out.println("no queued task");
                    }
                } else {
                    TaskRecord one;
                    try {
                        one = onQueue(() -> consort.tasks().run(which.id, progress));
                    } catch (IllegalStateException e) {
                        spec.commandLine().getErr().println("consort: " + e.getMessage());
                        return ExitCodes.FAILURE;
                    }
                    ran = List.of(one);
                }
                return ran.stream().allMatch(t -> t.status() == TaskStatus.DONE) ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    /** Shows a task. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "A task: status, usage, result; its history.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        private TaskCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The task (an unambiguous prefix will do).")
        private String id;

        @Option(names = "--steps", description = "Replay its history step by step.")
        private boolean steps;

        @Option(names = "--json", description = "One JSON object, with the history.")
        private boolean json;

        @Override
        public Integer call() throws IOException {
            try (Consort consort = parent.root.consort()) {
                TaskQueue.Report r = onQueue(() -> consort.tasks().report(id));
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    ObjectNode n = toJson(r.task());
                    n.putObject("usage").put("steps", r.steps()).put("cost", r.costUsd())
                            .put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens());
                    ArrayNode events = n.putArray("history");
                    for (var e : r.events()) {
                        events.addObject().put("seq", e.seq()).put("time", e.time().toString()).put("kind", e.kind())
                                .set("payload", JSON.readTree(e.payloadJson()));
                    }
                    out.println(n);
                    return ExitCodes.OK;
                }
                TaskPrinter.summary(r, out);
                if (steps) {
                    out.println("history:");
                    TaskPrinter.steps(r.events(), out);
                }
                return ExitCodes.OK;
            }
        }
    }

    /** Cancels a task. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a task that has not ended.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        private TaskCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The task (an unambiguous prefix will do).")
        private String id;

        @Override
        public Integer call() throws IOException {
            try (Consort consort = parent.root.consort()) {
                TaskRecord t;
                try {
                    t = onQueue(() -> consort.tasks().cancel(id));
                } catch (IllegalStateException e) {
                    spec.commandLine().getErr().println("consort: " + e.getMessage());
                    return ExitCodes.FAILURE;
                }
                spec.commandLine().getOut().println("cancelled task " + t.id() + ": " + t.title());
                return ExitCodes.OK;
            }
        }
    }
}
