package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.Consort;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort ask}: one prompt, one answer, routed by task type or sent to a named backend. */
@Command(name = "ask", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ask once. Routes by task type (default: chat) or to the backend named with --backend.")
final class AskCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    static final class Target {
        @Option(names = "--backend", paramLabel = "NAME", description = "Send to this backend (still within budgets and window).")
        String backend;

        @Option(names = "--task", paramLabel = "TYPE", description = "Route by this task type (plan, review, code, parse, chat, ...).")
        String task;
    }

    @ArgGroup(exclusive = true)
    private Target target = new Target();

    @Option(names = "--stream", description = "Print the answer as it arrives.")
    private boolean stream;

    @Option(names = "--json", description = "Print one JSON object: backend, model, content, tool calls, usage, attempts.")
    private boolean json;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most output tokens.")
    private Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "X", description = "Sampling temperature, 0 to 2.")
    private Double temperature;

    @Option(names = "--context", paramLabel = "KEY", split = ",",
            description = "Project facts to pull into the prompt by key (within their own token cap).")
    private List<String> contextKeys = List.of();

    @Option(names = "--hint", paramLabel = "KEY=VALUE",
            description = "A provider option (reasoning_effort, thinking_budget, tool_choice...); repeatable.")
    private java.util.Map<String, String> hints = new java.util.LinkedHashMap<>();

    @Option(names = "--tools", paramLabel = "FILE",
            description = "Offer the functions of this JSON file ([{name, description, parameters}]); tool calls are printed, not run.")
    private java.nio.file.Path toolsFile;

    @Parameters(paramLabel = "PROMPT", arity = "1..*", description = "The prompt; '-' reads it from standard input.")
    private List<String> prompt;

    @Override
    public Integer call() throws IOException {
        String text = promptOf(prompt);
        if (maxTokens != null && maxTokens <= 0) {
            throw new UsageException("--max-tokens must be positive, got " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new UsageException("--temperature must be between 0 and 2, got " + temperature);
        }
        ChatRequest request = ChatRequest.builder().messages(List.of(Message.user(text))).tools(toolSpecs()).hints(hints)
                .maxTokens(maxTokens == null ? 0 : maxTokens)
                .temperature(temperature == null ? Double.NaN : temperature).build();
        ChatCall call = new ChatCall(request, target.task, target.backend, contextKeys, null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Consort consort = root.consort()) {
            ConsortCommand.noticeDefaults(consort, err);
            if (target.backend != null && !consort.backendNames().contains(target.backend)) {
                throw new UsageException("--backend " + target.backend + ": no such backend (configured: "
                        + (consort.backendNames().isEmpty() ? "none" : String.join(", ", consort.backendNames())) + ")");
            }
            Answer answer = stream ? streamed(consort, call, out, err) : consort.orchestrator().chat(call);
            if (answer == null) {
                return ExitCodes.FAILURE;
            }
            if (json) {
                out.println(JSON.writeValueAsString(toJson(answer)));
            } else if (!stream) {
                out.println(answer.response().content());
                for (ToolCall c : answer.response().toolCalls()) {
                    out.println("[tool call " + c.id() + "] " + c.name() + " " + c.argumentsJson());
                }
            }
            out.flush();
            return ExitCodes.OK;
        } catch (AllBackendsFailedException | BudgetExceededException e) {
            err.println("consort: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** The prompt given as words, or read from standard input when it is '-'; never blank. */
    static String promptOf(List<String> words) throws IOException {
        String text = String.join(" ", words);
        if (text.equals("-")) {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (text.isBlank()) {
            throw new UsageException("the prompt is empty");
        }
        return text;
    }

    private List<ToolSpec> toolSpecs() throws IOException {
        if (toolsFile == null) {
            return List.of();
        }
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = JSON.readTree(java.nio.file.Files.readString(toolsFile));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("--tools " + toolsFile + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--tools " + toolsFile + ": not JSON: " + e.getOriginalMessage());
        }
        if (!root.isArray()) {
            throw new UsageException("--tools " + toolsFile + ": expected a JSON array of {name, description, parameters}");
        }
        List<ToolSpec> specs = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode t : root) {
            com.fasterxml.jackson.databind.JsonNode f = t.has("function") ? t.get("function") : t;
            if (!f.hasNonNull("name")) {
                throw new UsageException("--tools " + toolsFile + ": every tool needs a name");
            }
            specs.add(new ToolSpec(f.get("name").asText(), f.path("description").asText(""),
                    f.has("parameters") ? f.get("parameters").toString() : "{\"type\":\"object\"}"));
        }
        return specs;
    }

    private Answer streamed(Consort consort, ChatCall call, PrintWriter out, PrintWriter err) {
        try (AnswerStream s = consort.orchestrator().stream(call)) {
            for (ChatChunk chunk : s) {
                switch (chunk) {
                    case ChatChunk.Text t -> {
                        if (!json) {
                            out.print(t.delta());
                            out.flush();
                        }
                    }
                    case ChatChunk.Restarted r -> {
                        if (!json) {
                            out.println();
                            out.flush();
                        }
                        err.println("[" + r.fromBackend() + " failed after partial output (" + r.reason()
                                + "); restarting on " + r.toBackend() + ": discard the text above]");
                    }
                    case ChatChunk.Failed f -> {
                        out.println();
                        out.flush();
                        err.println("consort: backend '" + f.backend() + "' failed after partial output: " + f.message());
                        return null;
                    }
                    case ChatChunk.ToolCallReady c -> {
                        if (!json) {
                            out.println();
                            out.println("[tool call " + c.call().id() + "] " + c.call().name() + " "
                                    + c.call().argumentsJson());
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!json) {
                out.println();
            }
            return s.answer().orElse(null);
        }
    }

    static ObjectNode toJson(Answer a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("backend", a.backend());
        n.put("model", a.model());
        n.put("content", a.response().content());
        n.put("finish_reason", a.response().finishReason().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode calls = n.putArray("tool_calls");
        for (ToolCall c : a.response().toolCalls()) {
            ObjectNode cn = calls.addObject().put("id", c.id()).put("name", c.name());
            try {
                cn.set("arguments", JSON.readTree(c.argumentsJson()));
            } catch (IOException e) {
                cn.put("arguments", c.argumentsJson());
            }
        }
        long errors = a.attempts().stream().filter(x -> !x.ok()).count();
        n.putObject("usage").put("requests", a.attempts().size())
                .put("prompt_tokens", a.response().usage().promptTokens())
                .put("completion_tokens", a.response().usage().completionTokens())
                .put("cost", a.costUsd()).put("errors", errors)
                .put("exact", a.response().usage().exact());
        ArrayNode attempts = n.putArray("attempts");
        for (Attempt x : a.attempts()) {
            attempts.addObject().put("backend", x.backend()).put("attempt", x.attempt()).put("outcome", x.outcome())
                    .put("millis", x.millis());
        }
        return n;
    }
}
