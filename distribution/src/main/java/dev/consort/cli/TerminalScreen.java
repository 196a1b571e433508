package dev.consort.cli;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.Consort;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.chat.ToolCall;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/**
 * The chat on a terminal, through JLine: line editing, a history file in {@code .consort/}, completion
 * of slash commands, backend names and task types; answers stream with a status line (backend,
 * fallbacks, elapsed time, tokens so far); Ctrl-C stops the answer in progress; approvals are asked inline.
 */
final class TerminalScreen implements Screen, AutoCloseable {

    private final Terminal terminal;
    private final LineReader reader;
    private final PrintWriter out;
    private final Status status;
    private final Object lock = new Object();

    private volatile Turn turn;

    /** What the status line shows about the turn in progress. */
    private static final class Turn {
        final long started = System.nanoTime();
        volatile String backend = "routing";
        volatile int pieces;
        volatile long tokens;
        volatile String fallbacks = "";
        volatile boolean running = true;
        boolean midLine;
        Thread ticker;
    }

    private TerminalScreen(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
        this.out = terminal.writer();
        this.status = Status.getStatus(terminal, true);
    }

    /** Whether standard input and output are a terminal (else the chat reads piped lines). */
    static boolean interactive() {
        return TerminalApprover.onTerminal();
    }

    static TerminalScreen open(Consort consort, ChatSession chat) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        Files.createDirectories(consort.stateDir());
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("consort")
                .completer(completer(consort))
                .variable(LineReader.HISTORY_FILE, consort.stateDir().resolve("chat_history"))
                .variable(LineReader.HISTORY_SIZE, 2000)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        return new TerminalScreen(terminal, reader);
    }

    /** Completes slash commands, then their first argument: backends, task types, modes, sub-commands. */
    private static Completer completer(Consort consort) {
        return (reader, line, candidates) -> {
            List<String> words = line.words();
            int index = line.wordIndex();
            if (index == 0) {
                ChatSession.COMMANDS.forEach((c, d) -> candidates.add(new Candidate(c, c, null, d, null, null, true)));
                return;
            }
            if (index != 1 || words.isEmpty()) {
                return;
            }
            List<String> options = switch (words.getFirst()) {
                case "/backend" -> with(consort.backendNames(), "auto");
                case "/persona", "/reset" -> consort.backendNames();
                case "/type", "/route" -> consort.taskTypes();
                case "/mode" -> List.of("manual", "trust");
                case "/tools" -> List.of("on", "off");
                case "/task" -> List.of("add", "list", "run", "show", "cancel");
                case "/memory" -> List.of("add", "list", "search", "forget", "summarize");
                case "/context" -> List.of("clear");
                default -> List.of();
            };
            options.forEach(o -> candidates.add(new Candidate(o)));
        };
    }

    private static List<String> with(List<String> list, String extra) {
        List<String> out = new ArrayList<>(list);
        out.add(extra);
        return out;
    }

    /** A line, or null at Ctrl-D; Ctrl-C clears the line. */
    String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C while typing: drop the line, keep the session.
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public void note(String line) {
        print(new AttributedString(line, AttributedStyle.DEFAULT.faint()).toAnsi(terminal) + "\n");
    }

    @Override
    public void error(String line) {
        print(new AttributedString("error: " + line, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
                .toAnsi(terminal) + "\n");
    }

    private void print(String text) {
        synchronized (lock) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void turnStarted(Cancellation cancellation) {
        Turn t = new Turn();
        turn = t;
        terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel("Ctrl-C"));
        t.ticker = Thread.ofVirtual().name("consort-status").start(() -> {
            try {
                while (t.running) {
                    drawStatus(t);
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                // the turn ended
            }
        });
    }

    private void drawStatus(Turn t) {
        if (status == null) {
            return;
        }
        double seconds = (System.nanoTime() - t.started) / 1e9;
        String line = String.format(Locale.ROOT, " %s · %.1f s · %s tokens%s ", t.backend, seconds,
                t.tokens > 0 ? String.valueOf(t.tokens) : "~" + t.pieces, t.fallbacks);
        synchronized (lock) {
            status.update(List.of(new AttributedString(line, AttributedStyle.INVERSE)));
        }
    }

    @Override
    public void text(String backend, String delta) {
        Turn t = turn;
        if (!backend.isEmpty()) {
            t.backend = backend;
        }
        t.pieces++;
        t.midLine = !delta.endsWith("\n");
        print(delta);
    }

    @Override
    public void restarted(String from, String to, String reason) {
        Turn t = turn;
        t.backend = to;
        t.fallbacks = " · restarted " + from + " → " + to;
        endLine(t);
        note("[" + from + " failed after partial output (" + reason + "); restarting on " + to
                + ": discard the text above]");
    }

    @Override
    public void answered(Answer a) {
        Turn t = turn;
        t.backend = a.backend();
        t.tokens += a.response().usage().completionTokens();
        List<String> failed = a.attempts().stream().filter(x -> !x.ok()).map(Attempt::backend).distinct().toList();
        if (!failed.isEmpty()) {
            t.fallbacks = " · fallback from " + String.join(", ", failed);
        }
    }

    @Override
    public void toolCalling(ToolCall call) {
        Turn t = turn;
        endLine(t);
        print(new AttributedString("⚙ " + call.name() + " " + TaskPrinter.clip(call.argumentsJson(), 120),
                AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)).toAnsi(terminal) + "\n");
    }

    @Override
    public void toolDone(ToolCall call, ToolRunner.Outcome o) {
        String first = o.result().content().lines().findFirst().orElse("");
        print(new AttributedString("  → " + (o.result().error() ? "error: " + TaskPrinter.clip(first, 160) : "ok")
                + " (" + o.approval() + ", " + o.millis() + " ms)", AttributedStyle.DEFAULT.faint()).toAnsi(terminal)
                + "\n");
    }

    private void endLine(Turn t) {
        if (t.midLine) {
            print("\n");
            t.midLine = false;
        }
    }

    @Override
    public void turnEnded(LoopResult r) {
        Turn t = turn;
        t.running = false;
        t.ticker.interrupt();
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL);
        endLine(t);
        double seconds = (System.nanoTime() - t.started) / 1e9;
        String summary = String.format(Locale.ROOT, "[%s · %.1f s · %d in / %d out tokens · $%s%s%s]",
                r.backend() != null ? r.backend() : t.pieces > 0 ? t.backend : "no backend", seconds, r.promptTokens(), r.completionTokens(),
                r.costUsd().toPlainString(), r.steps() > 1 ? " · " + r.steps() + " steps" : "", t.fallbacks);
        synchronized (lock) {
            if (status != null) {
                status.update(List.of(new AttributedString(summary, AttributedStyle.INVERSE)));
            }
        }
        switch (r.ending()) {
            case ANSWERED -> note(summary);
            case CANCELLED -> note("[cancelled: " + r.detail() + "; the session goes on, this turn is not kept] " + summary);
            default -> error(r.ending().name().toLowerCase(Locale.ROOT) + ": " + r.detail());
        }
    }

    @Override
    public Approver approver(boolean yes) {
        if (yes) {
            return Approver.EVERYTHING;
        }
        return request -> {
            Turn t = turn;
            if (t != null) {
                endLine(t);
            }
            while (true) {
                String answer;
                try {
                    answer = reader.readLine(new AttributedString("Run " + request.tool() + " "
                            + TaskPrinter.clip(request.argumentsJson(), 160) + "? (" + request.why() + ")\n"
                            + "  [y]es / [n]o / [a]lways for this tool / ne[v]er: ",
                            AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)).toAnsi(terminal));
                } catch (UserInterruptException | EndOfFileException e) {
                    return Approver.Answer.NO;
                }
                java.util.Optional<Approver.Answer> parsed = TerminalApprover.parse(answer);
                if (parsed.isPresent()) {
                    return parsed.get();
                }
                note("please answer y, n, a or v");
            }
        };
    }

    @Override
    public void close() {
        try {
            if (status != null) {
                status.close();
            }
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
