package dev.consort.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.api.Answer;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.LoopListener;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.TaskQueue;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How tasks look on the terminal: progress while they run, and their history step by step. */
final class TaskPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 200;

    private TaskPrinter() {
    }

    /** A listener that prints each task's steps as they happen (thread-safe: one line at a time). */
    static TaskQueue.Listener progress(PrintWriter out, dev.consort.core.api.Approver approver,
                                       java.util.Map<String, String> hints) {
        return new TaskQueue.Listener() {
            @Override
            public java.util.Map<String, String> hints(TaskRecord t) {
                return hints;
            }

            @Override
            public void started(TaskRecord t) {
                line(out, "task " + t.id() + " started: " + t.title() + " (" + t.type() + ", attempt " + t.attempts()
                        + ")");
            }

            @Override
            public LoopListener loop(TaskRecord t) {
                return new LoopListener() {
                    @Override
                    public void answered(int step, Answer a) {
                        line(out, "  " + t.id() + " step " + step + ": " + a.backend() + " answered"
                                + (a.response().toolCalls().isEmpty() ? "" : " with " + a.response().toolCalls().size()
                                + " tool call(s)") + retries(a.attempts()) + ", $" + a.costUsd().toPlainString());
                    }

                    @Override
                    public void failed(int step, List<Attempt> attempts, String message) {
                        line(out, "  " + t.id() + " step " + step + ": " + message);
                    }

                    @Override
                    public void toolDone(ToolCall call, ToolRunner.Outcome o) {
                        line(out, "  " + t.id() + " tool " + call.name() + " " + clip(call.argumentsJson(), 80) + " -> "
                                + (o.result().error() ? "error" : "ok") + " (" + o.approval() + ")");
                    }
                };
            }

            @Override
            public dev.consort.core.api.Approver approver(TaskRecord t) {
                return approver;
            }

            @Override
            public void finished(TaskRecord t, LoopResult r) {
                String how = switch (t.status()) {
                    case DONE -> "done";
                    case CANCELLED -> "cancelled: " + t.error();
                    default -> "failed: " + t.error();
                };
                line(out, "task " + t.id() + " " + how + " (" + r.steps() + " step" + (r.steps() == 1 ? "" : "s")
                        + ", $" + r.costUsd().toPlainString() + ")");
                if (t.result() != null && !t.result().isBlank()) {
                    line(out, t.result().strip());
                }
            }
        };
    }

    private static String retries(List<Attempt> attempts) {
        long failed = attempts.stream().filter(a -> !a.ok()).count();
        return failed == 0 ? "" : " after " + failed + " failed attempt" + (failed == 1 ? "" : "s");
    }

    private static void line(PrintWriter out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    static String clip(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 3) + "...";
    }

    static String status(TaskRecord t) {
        return t.status().name().toLowerCase(Locale.ROOT);
    }

    /** A task's header, usage and result. */
    static void summary(TaskQueue.Report r, PrintWriter out) {
        TaskRecord t = r.task();
        out.println("task " + t.id() + ": " + t.title());
        out.println("  type " + t.type() + ", priority " + t.priority() + ", status " + status(t) + ", attempts "
                + t.attempts() + ", session " + t.sessionId());
        out.println("  limits: " + t.maxSteps() + " steps" + (t.maxUsd() == null ? "" : ", $" + t.maxUsd().toPlainString())
                + (t.contextKeys().isEmpty() ? "" : "; context: " + String.join(", ", t.contextKeys())));
        out.println("  created " + t.created() + ", updated " + t.updated()
                + (t.owner() == null ? "" : "; running on " + t.owner() + " until " + t.leaseUntil()));
        out.println("  usage: " + r.steps() + " model call" + (r.steps() == 1 ? "" : "s") + ", " + r.promptTokens()
                + " tokens in, " + r.completionTokens() + " out, $" + r.costUsd().toPlainString());
        out.println("  prompt: " + t.prompt().strip());
        if (!r.patches().isEmpty()) {
            out.println("  patches applied: " + r.patches().size());
            r.patches().forEach(p -> out.println(p.strip().indent(4).stripTrailing()));
        }
        if (t.error() != null) {
            out.println("  error: " + t.error());
        }
        if (t.result() != null) {
            out.println("result:");
            out.println(t.result().strip());
        }
    }

    /** The history, one step after the other. */
    static void steps(List<TaskEvent> events, PrintWriter out) {
        for (TaskEvent e : events) {
            out.println(String.format(Locale.ROOT, "#%d  %s  %s", e.seq(), e.time(), describe(e)));
        }
    }

    static String describe(TaskEvent e) {
        JsonNode p;
        try {
            p = JSON.readTree(e.payloadJson());
        } catch (IOException x) {
            return e.kind() + " " + e.payloadJson();
        }
        return switch (e.kind()) {
            case "queued" -> "queued: " + p.path("type").asText() + ", priority " + p.path("priority").asInt();
            case "started" -> "started: attempt " + p.path("attempt").asInt() + " on " + p.path("worker").asText();
            case "prompt" -> "prompt: " + clip(p.path("prompt").asText(), SHOWN)
                    + (p.path("context_keys").isEmpty() ? "" : " [context: " + join(p.path("context_keys")) + "]");
            case "model" -> {
                StringBuilder b = new StringBuilder("model step " + p.path("step").asInt() + ": "
                        + p.path("backend").asText() + " (" + p.path("model").asText() + "), "
                        + p.path("prompt_tokens").asLong() + " in / " + p.path("completion_tokens").asLong() + " out, $"
                        + p.path("cost_usd").asText());
                for (JsonNode a : p.path("attempts")) {
                    if (!a.path("outcome").asText().equals("ok")) {
                        b.append("\n      attempt ").append(a.path("backend").asText()).append(" #")
                                .append(a.path("attempt").asInt()).append(": ").append(a.path("outcome").asText())
                                .append(' ').append(clip(a.path("detail").asText(), 120));
                    }
                }
                if (!p.path("content").asText().isBlank()) {
                    b.append("\n      says: ").append(clip(p.path("content").asText(), SHOWN));
                }
                for (JsonNode c : p.path("tool_calls")) {
                    b.append("\n      asks: ").append(c.path("name").asText()).append(' ')
                            .append(clip(c.path("arguments").toString(), SHOWN));
                }
                yield b.toString();
            }
            case "model_failed" -> "model step " + p.path("step").asInt() + " failed: " + p.path("message").asText();
            case "tool_result" -> "tool " + p.path("name").asText() + " " + clip(p.path("arguments").toString(), 120)
                    + " -> " + (p.path("ok").asBoolean() ? "ok" : "error") + " (" + p.path("approval").asText() + ", "
                    + p.path("millis").asLong() + " ms)\n      " + clip(p.path("content").asText(), SHOWN);
            case "approval" -> "approval: " + p.path("tool").asText() + " -> " + p.path("answer").asText();
            case "finished", "abandoned" -> e.kind() + ": " + p.path("status").asText() + " ("
                    + p.path("ending").asText() + (p.path("detail").asText().isBlank() ? "" : ": "
                    + p.path("detail").asText()) + "), " + p.path("steps").asInt() + " steps, $"
                    + p.path("cost_usd").asText();
            case "requeued", "failed" -> e.kind() + ": " + p.path("reason").asText();
            case "cancelled" -> "cancelled by the user (was " + p.path("was").asText() + ")";
            default -> e.kind() + " " + e.payloadJson();
        };
    }

    private static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(n -> b.append(b.isEmpty() ? "" : ", ").append(n.asText()));
        return b.toString();
    }
}
