package dev.consort.core.tasks;

import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.LoopListener;
import dev.consort.core.api.LoopRequest;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.LoopResult.Ending;
import dev.consort.core.api.Orchestrator;
import dev.consort.core.api.ToolLoop;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.tool.ToolResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The tool loop on the orchestrator and the tool runner. Stateless; thread-safe. */
public final class DefaultToolLoop implements ToolLoop {

    private final Orchestrator orchestrator;
    private final Supplier<ToolRunner> tools;

    /**
     * A loop.
     *
     * @param orchestrator the orchestrator that routes each model call
     * @param tools        the tool runner, made on first use (a run without tools never makes it)
     */
    public DefaultToolLoop(Orchestrator orchestrator, Supplier<ToolRunner> tools) {
        this.orchestrator = orchestrator;
        this.tools = tools;
    }

    @Override
    public LoopResult run(LoopRequest request, LoopListener listener) {
        Run run = new Run(request, listener);
        return run.go();
    }

    /** One run's state. */
    private final class Run {
        private final LoopRequest request;
        private final LoopListener listener;
        private final List<Message> conversation;
        private final List<Message> added = new ArrayList<>();
        private final List<ToolSpec> specs;
        private BigDecimal spent = BigDecimal.ZERO;
        private long promptTokens;
        private long completionTokens;
        private String lastBackend;
        private String lastText = "";

        Run(LoopRequest request, LoopListener listener) {
            this.request = request;
            this.listener = listener;
            this.conversation = new ArrayList<>(request.messages());
            this.specs = request.useTools() ? tools.get().specs() : List.of();
        }

        LoopResult go() {
            for (int step = 1; ; step++) {
                if (request.cancellation().cancelled()) {
                    return end(Ending.CANCELLED, step - 1, request.cancellation().reason());
                }
                BigDecimal left = request.maxUsd() == null ? null : request.maxUsd().subtract(spent);
                if (left != null && left.signum() <= 0) {
                    return end(Ending.BUDGET, step - 1, "budget exceeded: the run's own limit of $"
                            + request.maxUsd().toPlainString() + " is spent ($" + spent.toPlainString() + ")");
                }
                ChatCall call = new ChatCall(chatRequest(), request.taskType(), request.backend(),
                        request.contextKeys(), request.taskId(), left);
                listener.calling(step, List.copyOf(conversation));
                Answer answer;
                try {
                    answer = request.stream() ? streamed(call) : orchestrator.chat(call);
                } catch (BudgetExceededException e) {
                    listener.failed(step, List.of(), e.getMessage());
                    return end(Ending.BUDGET, step - 1, e.getMessage() + ownLimit());
                } catch (AllBackendsFailedException e) {
                    listener.failed(step, e.attempts(), e.getMessage());
                    if (request.cancellation().cancelled()) {
                        return end(Ending.CANCELLED, step - 1, request.cancellation().reason());
                    }
                    boolean budget = !e.attempts().isEmpty()
                            && e.attempts().stream().allMatch(a -> a.outcome().equals("budget"));
                    return end(budget ? Ending.BUDGET : Ending.FAILED, step - 1, budget
                            ? e.attempts().getLast().detail() + ownLimit()
                            : e.getMessage() + attemptsLine(e.attempts()));
                } catch (StreamFailed e) {
                    listener.failed(step, e.attempts, e.getMessage());
                    return end(Ending.FAILED, step, e.getMessage());
                }
                if (answer == null) {
                    return end(Ending.CANCELLED, step, request.cancellation().reason());
                }
                spent = spent.add(answer.costUsd());
                promptTokens += answer.response().usage().promptTokens();
                completionTokens += answer.response().usage().completionTokens();
                lastBackend = answer.backend();
                lastText = answer.response().content();
                List<ToolCall> calls = answer.response().toolCalls();
                Message said = calls.isEmpty() ? Message.assistant(lastText) : Message.assistant(lastText, calls);
                conversation.add(said);
                added.add(said);
                listener.answered(step, answer);
                if (calls.isEmpty()) {
                    return end(Ending.ANSWERED, step, "");
                }
                if (step >= request.maxSteps()) {
                    return end(Ending.MAX_STEPS, step, "stopped after " + step + " model call"
                            + (step == 1 ? "" : "s") + " (max_steps) with " + calls.size() + " tool call"
                            + (calls.size() == 1 ? "" : "s") + " not run");
                }
                for (ToolCall c : calls) {
                    Message result;
                    if (request.cancellation().cancelled()) {
                        result = Message.tool(c.id(), c.name(), "error: not run, the user cancelled");
                    } else {
                        listener.toolCalling(c);
                        ToolRunner.Outcome outcome = runTool(c, answer.backend());
                        listener.toolDone(c, outcome);
                        result = Message.tool(c.id(), c.name(), forModel(outcome.result()));
                    }
                    conversation.add(result);
                    added.add(result);
                }
            }
        }

        /** Runs a tool call; a cancellation interrupts it (the runner then stops the tool). */
        private ToolRunner.Outcome runTool(ToolCall c, String backend) {
            Thread self = Thread.currentThread();
            try (AutoCloseable hook = request.cancellation().onCancel(self::interrupt)) {
                return tools.get().run(c.name(), c.argumentsJson(),
                        new ToolRunner.Caller(request.sessionId(), request.taskId(), backend), request.approver());
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            } finally {
                // An interrupt meant for the tool must not reach the store's next write.
                Thread.interrupted();
            }
        }

        private String ownLimit() {
            return request.maxUsd() == null ? "" : " (the run's own limit: $" + request.maxUsd().toPlainString()
                    + ", spent $" + spent.toPlainString() + ")";
        }

        private ChatRequest chatRequest() {
            return ChatRequest.builder().messages(List.copyOf(conversation)).tools(specs).maxTokens(request.maxTokens())
                    .hints(request.hints()).build();
        }

        /** The answer of a streamed call, or null when the caller cancelled it. */
        private Answer streamed(ChatCall call) {
            try (AnswerStream s = orchestrator.stream(call);
                 AutoCloseable hook = request.cancellation().onCancel(s::close)) {
                for (ChatChunk chunk : s) {
                    switch (chunk) {
                        case ChatChunk.Text t -> listener.text(s.backend().orElse(""), t.delta());
                        case ChatChunk.Restarted r -> listener.restarted(r.fromBackend(), r.toBackend(), r.reason());
                        case ChatChunk.Failed f -> throw new StreamFailed("backend '" + f.backend()
                                + "' failed after partial output: " + f.message(), s.attempts());
                        default -> {
                        }
                    }
                    if (request.cancellation().cancelled()) {
                        return null;
                    }
                }
                if (request.cancellation().cancelled()) {
                    return null;
                }
                return s.answer().orElseThrow(() -> new StreamFailed("the stream ended without an answer",
                        s.attempts()));
            } catch (StreamFailed | AllBackendsFailedException | BudgetExceededException e) {
                throw e;
            } catch (Exception e) {
                if (request.cancellation().cancelled()) {
                    return null;
                }
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        private LoopResult end(Ending ending, int steps, String detail) {
            return new LoopResult(ending, lastText, added, steps, spent, promptTokens, completionTokens, lastBackend,
                    detail);
        }
    }

    private static String attemptsLine(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            b.append(i == 0 ? "" : "; ").append(a.backend()).append(": ").append(a.outcome());
        }
        return b.append(')').toString();
    }

    /**
     * A tool's result as the model reads it: the content, and what it must know besides (an error, an
     * exit status, a cut).
     *
     * @param r the result
     * @return the tool message's text
     */
    static String forModel(ToolResult r) {
        StringBuilder b = new StringBuilder();
        if (r.error()) {
            b.append("error: ");
        }
        b.append(r.content());
        r.exitCodeIfAny().ifPresent(code -> b.append(b.isEmpty() ? "" : "\n").append("[exit status ").append(code)
                .append(']'));
        if (r.truncated()) {
            b.append("\n[output truncated]");
        }
        return b.toString();
    }

    /** A stream that failed after partial output, with no fallback. */
    private static final class StreamFailed extends RuntimeException {
        private final transient List<Attempt> attempts;

        StreamFailed(String message, List<Attempt> attempts) {
            super(message, null, false, false);
            this.attempts = List.copyOf(attempts);
        }
    }
}
