package dev.consort.cli;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.Consort;
import dev.consort.core.api.LoopListener;
import dev.consort.core.api.LoopRequest;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.Orchestrator;
import dev.consort.core.api.ToolMode;
import dev.consort.core.api.ToolRunner;
import dev.consort.core.api.UsageTracker;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Retrieval;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * One chat: its settings (backend, task type, context keys, tools), its turns through the tool loop,
 * and its slash commands. The conversation of each backend is the session's buffer in the context
 * store, so {@code /reset BACKEND} empties one backend's and leaves project memory alone.
 */
final class ChatSession {

    /** The slash commands, for /help and completion. */
    static final Map<String, String> COMMANDS = commands();

    private final Consort consort;
    private final ConsortCommand root;
    private String backend;
    private String taskType;
    private final LinkedHashSet<String> contextKeys;
    private boolean useTools;
    private final Map<String, String> hints;
    private Approver approver = Approver.NOBODY;
    private Screen screen;
    private boolean quit;

    ChatSession(Consort consort, ConsortCommand root, String backend, String taskType, List<String> contextKeys,
                boolean useTools, Map<String, String> hints) {
        this.consort = consort;
        this.root = root;
        this.backend = backend;
        this.taskType = taskType == null || taskType.isBlank() ? "chat" : taskType;
        this.contextKeys = new LinkedHashSet<>(contextKeys);
        this.useTools = useTools;
        this.hints = Map.copyOf(hints);
    }

    private static Map<String, String> commands() {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("/help", "this list");
        c.put("/stats", "requests, tokens, cost and errors per backend: this session, the project, your lifetime");
        c.put("/backends", "type, model, window, budget left and cool-down of each backend");
        c.put("/backend", "[NAME|auto] send every turn to one backend, or route again");
        c.put("/type", "[TYPE] the task type turns are routed by");
        c.put("/route", "TYPE [--tokens N] which backend a task type goes to, and why");
        c.put("/mode", "[manual|trust] the tool permission mode");
        c.put("/tools", "[on|off] offer tools to the models or not");
        c.put("/persona", "[BACKEND] [show|edit [TEXT]|reset] a backend's system prompt ($EDITOR without TEXT)");
        c.put("/reset", "[BACKEND] forget this session's conversation (one backend's); memory stays");
        c.put("/context", "[KEY...|clear] facts and file:PATH summaries pulled into every turn");
        c.put("/recall", "QUERY pull the facts that best match into every turn");
        c.put("/memory", "add KEY TEXT [--tag T] | list | search QUERY | forget KEY");
        c.put("/task", "add --type T PROMPT | list | run ID|--all | show ID [--steps] | cancel ID");
        c.put("/quit", "leave (Ctrl-D also does)");
        return java.util.Collections.unmodifiableMap(c);
    }

    String prompt() {
        return (backend != null ? backend : taskType) + "> ";
    }

    // ---- the two ways to run -----------------------------------------------------------------------

    void interactive(TerminalScreen terminal, boolean yes) {
        this.screen = terminal;
        this.approver = terminal.approver(yes);
        if (consort.usingBuiltInDefaults()) {
            screen.note("no consort.yaml here or in ~/.config/consort: the built-in 'local' backend runs a tiny random "
                    + "model, whose output is noise (README: \"Use a real model\").");
        }
        screen.note("session " + consort.sessionId() + " · backends: " + String.join(", ", consort.backendNames())
                + " · tools " + (useTools ? consort.toolRunner().mode().name().toLowerCase(Locale.ROOT) : "off")
                + " · /help for commands, Ctrl-C stops an answer, Ctrl-D leaves");
        String line;
        while (!quit && (line = terminal.readLine(prompt())) != null) {
            handle(line);
        }
    }

    void piped(BufferedReader in, PlainScreen plain, boolean yes) throws IOException {
        this.screen = plain;
        this.approver = plain.approver(yes);
        String line;
        while (!quit && (line = in.readLine()) != null) {
            handle(line);
        }
    }

    void handle(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            if (text.startsWith("/")) {
                command(text);
            } else {
                turn(text);
            }
        } catch (UsageException | IllegalArgumentException | IllegalStateException e) {
            screen.error(e.getMessage());
        } catch (RuntimeException e) {
            screen.error(e.getMessage() == null ? e.toString() : e.getMessage());
            if (root.verbose()) {
                e.printStackTrace(screen.out());
            }
        }
    }

    // ---- a turn ------------------------------------------------------------------------------------

    /** The backend whose buffer a turn continues: the pinned one, else the route's first choice. */
    private String bufferOwner(String prompt) {
        if (backend != null) {
            return backend;
        }
        List<String> chosen = consort.orchestrator().route(ChatCall.of(taskType, prompt)).chosen();
        return chosen.isEmpty() ? null : chosen.getFirst();
    }

    void turn(String prompt) {
        String sessionId = consort.sessionId();
        String owner = bufferOwner(prompt);
        List<Message> messages = new ArrayList<>(owner == null ? List.of()
                : consort.contextStore().sessionMessages(sessionId, owner));
        Message user = Message.user(prompt);
        messages.add(user);
        Cancellation cancellation = new Cancellation();
        LoopRequest request = LoopRequest.of(sessionId, messages).withTaskType(taskType).withBackend(backend)
                .withContextKeys(List.copyOf(contextKeys)).withTools(useTools).withStream(true)
                .withLimits(consort.defaultMaxSteps(), null).withApprover(approver).withCancellation(cancellation)
                .withHints(hints);
        screen.turnStarted(cancellation);
        LoopResult result = consort.toolLoop().run(request, new LoopListener() {
            @Override
            public void text(String b, String delta) {
                screen.text(b, delta);
            }

            @Override
            public void restarted(String from, String to, String reason) {
                screen.restarted(from, to, reason);
            }

            @Override
            public void answered(int step, Answer answer) {
                screen.answered(answer);
            }

            @Override
            public void toolCalling(ToolCall call) {
                screen.toolCalling(call);
            }

            @Override
            public void toolDone(ToolCall call, ToolRunner.Outcome outcome) {
                screen.toolDone(call, outcome);
            }
        });
        screen.turnEnded(result);
        if (result.ending() != LoopResult.Ending.CANCELLED && result.backend() != null) {
            List<Message> kept = new ArrayList<>();
            kept.add(user);
            kept.addAll(result.added());
            consort.contextStore().appendSessionMessages(sessionId, result.backend(), kept);
        }
    }

    // ---- slash commands ----------------------------------------------------------------------------

    private void command(String text) {
        List<String> words = Words.split(text);
        String name = words.getFirst().toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        PrintWriter out = screen.out();
        switch (name) {
            case "/help", "/?" -> COMMANDS.forEach((c, d) -> out.println(String.format("  %-10s %s", c, d)));
            case "/quit", "/exit", "/q" -> quit = true;
            case "/stats" -> stats(out);
            case "/backends" -> backends(out);
            case "/backend" -> pin(args);
            case "/type" -> type(args);
            case "/route" -> delegate("route", args);
            case "/mode" -> mode(args);
            case "/tools" -> tools(args);
            case "/persona" -> persona(args, out);
            case "/reset" -> reset(args);
            case "/context" -> context(args);
            case "/recall" -> recall(args);
            case "/memory" -> delegate("memory", args);
            case "/task" -> delegate("task", args);
            default -> throw new UsageException("unknown command " + name + " (/help lists them)");
        }
        out.flush();
    }

    private void stats(PrintWriter out) {
        UsageTracker usage = consort.usage();
        StatsCommand.print(out, "session", usage.backendUsage(UsageTracker.Scope.SESSION));
        StatsCommand.print(out, "project", usage.backendUsage(UsageTracker.Scope.PROJECT));
        StatsCommand.print(out, "lifetime", usage.backendUsage(UsageTracker.Scope.LIFETIME));
        usage.budgets().forEach(b -> out.println("budget " + b));
    }

    private void backends(PrintWriter out) {
        Table t = new Table("BACKEND", "TYPE", "MODEL", "WINDOW", "BUDGET LEFT", "STATE");
        for (Orchestrator.BackendStatus b : consort.orchestrator().backends()) {
            t.row(b.name() + (b.name().equals(backend) ? " *" : ""), b.type(), b.model(), String.valueOf(b.contextWindow()),
                    b.budgetLeftUsd() == null ? "-" : "$" + StatsCommand.money(b.budgetLeftUsd()),
                    b.coolingDown() ? "cooling down" : "ready");
        }
        t.print(out);
    }

    private void pin(List<String> args) {
        if (args.isEmpty()) {
            screen.note("turns go to " + (backend == null ? "the route of task type '" + taskType + "'" : backend));
            return;
        }
        String name = args.getFirst();
        if (name.equals("auto")) {
            backend = null;
        } else {
            requireBackend(name);
            backend = name;
        }
        screen.note("turns go to " + (backend == null ? "the route of task type '" + taskType + "'" : backend));
    }

    private void type(List<String> args) {
        if (!args.isEmpty()) {
            String t = args.getFirst();
            if (!t.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new UsageException("task type '" + t + "' must be a lower-case word");
            }
            taskType = t;
        }
        screen.note("turns are routed as task type '" + taskType + "'" + (backend == null ? "" : " (but pinned to "
                + backend + ")"));
    }

    private void mode(List<String> args) {
        ToolRunner runner = consort.toolRunner();
        if (!args.isEmpty()) {
            String m = args.getFirst().toLowerCase(Locale.ROOT);
            switch (m) {
                case "manual" -> runner.setMode(ToolMode.MANUAL);
                case "trust" -> runner.setMode(ToolMode.TRUST);
                default -> throw new UsageException("/mode takes manual or trust, not '" + m + "'");
            }
        }
        screen.note("tool mode: " + runner.mode().name().toLowerCase(Locale.ROOT) + (runner.mode() == ToolMode.MANUAL
                ? " (reads run; writes and commands ask)" : " (allowed tools run without asking; others ask)"));
    }

    private void tools(List<String> args) {
        if (!args.isEmpty()) {
            switch (args.getFirst()) {
                case "on" -> useTools = true;
                case "off" -> useTools = false;
                default -> throw new UsageException("/tools takes on or off");
            }
        }
        screen.note("tools are " + (useTools ? "offered to the models" : "off"));
    }

    private void persona(List<String> args, PrintWriter out) {
        List<String> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && !List.of("show", "edit", "reset").contains(rest.getFirst())) {
            requireBackend(rest.getFirst());
        }
        String name = !rest.isEmpty() && consort.backendNames().contains(rest.getFirst()) ? rest.removeFirst()
                : backend != null ? backend : consort.backendNames().isEmpty() ? null : consort.backendNames().getFirst();
        if (name == null) {
            throw new UsageException("no backend is configured");
        }
        String action = rest.isEmpty() ? "show" : rest.removeFirst();
        Orchestrator o = consort.orchestrator();
        switch (action) {
            case "show" -> {
                Persona p = o.persona(name);
                out.println(name + ": " + p.description());
                out.println(p.systemPrompt().isBlank() ? "(no system prompt)" : p.systemPrompt());
            }
            case "reset" -> {
                o.resetPersona(name);
                screen.note(name + " plays its default persona again: " + o.persona(name).description());
            }
            case "edit" -> {
                Persona current = o.persona(name);
                String text = rest.isEmpty() ? edit(current.systemPrompt()) : String.join(" ", rest);
                if (text == null || text.isBlank()) {
                    screen.note("persona of " + name + " unchanged");
                    return;
                }
                o.setPersona(name, new Persona(current.description(), text.strip()));
                screen.note("persona of " + name + " set (kept in the project; /persona " + name + " reset undoes it)");
            }
            default -> throw new UsageException("/persona takes show, edit or reset, not '" + action + "'");
        }
    }

    /** Opens $VISUAL / $EDITOR (else vi) on the text; the edited text, or null when the editor failed. */
    private String edit(String text) {
        String editor = System.getenv("VISUAL");
        if (editor == null || editor.isBlank()) {
            editor = System.getenv("EDITOR");
        }
        if (editor == null || editor.isBlank()) {
            editor = "vi";
        }
        try {
            Path file = Files.createTempFile("consort-persona-", ".txt");
            try {
                Files.writeString(file, text);
                List<String> command = new ArrayList<>(List.of(editor.strip().split("\\s+")));
                command.add(file.toString());
                int code = new ProcessBuilder(command).inheritIO().start().waitFor();
                if (code != 0) {
                    screen.error("the editor (" + editor + ") exited with " + code + "; persona unchanged");
                    return null;
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            screen.error("could not run the editor '" + editor + "': " + e.getMessage()
                    + " (set $EDITOR, or give the text: /persona BACKEND edit TEXT)");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void reset(List<String> args) {
        String name = args.isEmpty() ? null : args.getFirst();
        if (name != null) {
            requireBackend(name);
        }
        consort.contextStore().resetSession(consort.sessionId(), name);
        if (name == null) {
            consort.backendNames().forEach(consort.orchestrator()::resetBackendContext);
        } else {
            consort.orchestrator().resetBackendContext(name);
        }
        screen.note("forgot this session's conversation" + (name == null ? "" : " with " + name)
                + "; project memory is untouched");
    }

    private void context(List<String> args) {
        if (args.size() == 1 && args.getFirst().equals("clear")) {
            contextKeys.clear();
        } else {
            for (String a : args) {
                for (String k : a.split(",")) {
                    if (!k.isBlank()) {
                        contextKeys.add(k.strip());
                    }
                }
            }
        }
        screen.note(contextKeys.isEmpty() ? "no context keys" : "every turn pulls in: " + String.join(", ", contextKeys));
    }

    private void recall(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("/recall needs a query");
        }
        List<Excerpt> found = consort.contextStore().retrieve(new Retrieval(List.of(), String.join(" ", args), 2000,
                new dev.consort.spi.backend.TokenEstimator()::estimate));
        if (found.isEmpty()) {
            screen.note("no fact matches '" + String.join(" ", args) + "'");
            return;
        }
        found.forEach(e -> contextKeys.add(e.key()));
        screen.note("every turn pulls in: " + String.join(", ", contextKeys));
    }

    private void requireBackend(String name) {
        if (!consort.backendNames().contains(name)) {
            throw new UsageException("no backend '" + name + "' (configured: " + String.join(", ",
                    consort.backendNames()) + ")");
        }
    }

    /** Runs a command line command (route, memory, task) on this session's instance. */
    private void delegate(String command, List<String> args) {
        ConsortCommand lending = ConsortCommand.lending(consort, root.verbose());
        CommandLine cli = new CommandLine(lending);
        cli.setOut(screen.out());
        cli.setErr(screen.out());
        cli.setExecutionExceptionHandler(new FailureHandler(lending));
        cli.setParameterExceptionHandler((e, a) -> {
            screen.error(e.getMessage() + " (try /" + command + " --help)");
            return ExitCodes.USAGE;
        });
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        if (command.equals("task") && args.size() >= 1 && args.getFirst().equals("run") && !all.contains("--yes")
                && approver == Approver.EVERYTHING) {
            all.add("--yes");
        }
        cli.execute(all.toArray(String[]::new));
        screen.out().flush();
    }
}
