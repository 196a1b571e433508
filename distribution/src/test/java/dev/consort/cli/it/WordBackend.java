package dev.consort.cli.it;

import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend made by the application (as {@code Consort.builder().backend(..)} takes one): a token is a word,
 * and every answer is exactly {@value #ANSWER_WORDS} words, its whole output allowance, so that a call costs
 * exactly what the orchestrator reserved for it. Counts its calls and the prompts it saw.
 */
final class WordBackend implements LLMBackend {

    static final int ANSWER_WORDS = 6;
    static final String MODEL = "scale-model";

    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private final Map<String, Integer> prompts = new ConcurrentHashMap<>();

    WordBackend(String name) {
        this.name = name;
    }

    int calls() {
        return calls.get();
    }

    /** How many times each last user message was answered. */
    Map<String, Integer> prompts() {
        return prompts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "words";
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public Persona persona() {
        return Persona.NONE;
    }

    @Override
    public int contextWindow() {
        return 4_096;
    }

    @Override
    public int maxOutputTokens() {
        return ANSWER_WORDS;
    }

    private Usage answer(ChatRequest request) {
        calls.incrementAndGet();
        request.messages().reversed().stream().filter(m -> m.role() == dev.consort.spi.chat.Role.USER).findFirst()
                .ifPresent(m -> prompts.merge(m.content(), 1, Integer::sum));
        return Usage.exact(countTokens(request.messages()), ANSWER_WORDS);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Usage usage = answer(request);
        return new ChatResponse(words(), "", FinishReason.STOP, List.of(), usage, MODEL);
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Usage usage = answer(request);
        return ChatStream.of(List.<ChatChunk>of(new ChatChunk.Text(words()),
                new ChatChunk.Done(FinishReason.STOP, usage, MODEL)).iterator(), () -> { });
    }

    private static String words() {
        return String.join(" ", java.util.Collections.nCopies(ANSWER_WORDS, "done"));
    }

    @Override
    public int countTokens(List<Message> messages) {
        int words = 0;
        for (Message m : messages) {
            String text = m.content() == null ? "" : m.content().strip();
            words += text.isEmpty() ? 0 : text.split("\\s+").length;
        }
        return words;
    }

    @Override
    public boolean countsTokensExactly() {
        return true;
    }

    @Override
    public void resetContext() {
    }

    @Override
    public UsageStats usage() {
        return UsageStats.ZERO;
    }
}
