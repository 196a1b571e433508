package dev.consort.backend.local.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;

/**
 * A {@code llamacpp} backend: a GGUF model run by llama.cpp inside this process.
 *
 * <p>The model is loaded on the first call and shared with every backend of the process that names the
 * same file and engine settings; the last one closed frees it. Thread-safe: calls run concurrently in
 * llama.cpp's slots ({@code parallel}, default 1) and beyond that wait in llama.cpp's queue, in order.
 * Token counts come from the model's own tokenizer and are exact.
 */
final class LlamaCppBackend implements LLMBackend {

    static final Persona DEFAULT_PERSONA = new Persona("Local coder",
            "You are a careful programmer running on the user's machine. Write small, correct code that does "
                    + "what is asked and fits the code around it. Be brief; say when you are unsure.");

    private static final int FALLBACK_WINDOW = 4096;
    private static final int MAX_DEFAULT_OUTPUT = 2048;

    private final String name;
    private final LlamaCppSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final PromptRenderer renderer = new PromptRenderer(json);
    private final ToolCallParser toolCalls = new ToolCallParser(json);
    private final UsageCounter usage = new UsageCounter();
    private final Object loadLock = new Object();
    private volatile GgufHeader header;
    private volatile LoadedModel model;
    private boolean closed;

    LlamaCppBackend(String name, LlamaCppSettings settings) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return LlamaCppBackendProvider.TYPE;
    }

    @Override
    public String model() {
        return settings.model().toString();
    }

    static final int DEFAULT_WINDOW_CAP = 8192;

    @Override
    public Persona persona() {
        return DEFAULT_PERSONA;
    }

    /**
     * The configured window, else the model's own context length (read from the file's header) capped at
     * {@value #DEFAULT_WINDOW_CAP}: real models train on 32k to 128k contexts, and a KV cache that large
     * takes gigabytes a local machine may not have. Configure {@code context_window} to go beyond.
     */
    @Override
    public int contextWindow() {
        if (settings.contextWindow() > 0) {
            return settings.contextWindow();
        }
        try {
            int own = header().contextLength();
            return own > 0 ? Math.min(own, DEFAULT_WINDOW_CAP) : FALLBACK_WINDOW;
        } catch (IOException e) {
            return FALLBACK_WINDOW;
        }
    }

    @Override
    public int maxOutputTokens() {
        if (settings.maxOutputTokens() > 0) {
            return settings.maxOutputTokens();
        }
        return Math.max(1, Math.min(MAX_DEFAULT_OUTPUT, contextWindow() / 4));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return stream(request).collect();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        LoadedModel loaded = loaded();
        OutputConstraint constraint = OutputConstraint.of(request, json, name);
        String prompt = renderer.render(loaded, request, constraint, name);
        int promptTokens = loaded.promptTokens(prompt);
        int window = loaded.window();
        if (promptTokens >= window) {
            usage.failure(Usage.ZERO);
            throw new ContextLengthExceededException(name, "the prompt takes " + promptTokens
                    + " tokens, more than the context window of " + window + " tokens allows", 0, null);
        }
        int limit = Math.min(request.maxTokensIfSet().orElse(maxOutputTokens()), window - promptTokens);
        InferenceParameters parameters = parameters(prompt, limit, request, constraint);
        LlamaIterator generation;
        try {
            generation = loaded.generate(parameters);
        } catch (RuntimeException e) { // the binding's LlamaException is not public
            usage.failure(Usage.ZERO);
            throw new InvalidRequestException(name, "llama.cpp refused the request: " + e.getMessage(), 0, e);
        }
        LlamaCppStream stream = new LlamaCppStream(name, settings.model().getFileName().toString(), generation,
                constraint, new StopSequences(request.stop()), new GenerationTally(promptTokens, limit), toolCalls,
                usage);
        return ChatStream.of(stream, stream::close);
    }

    private InferenceParameters parameters(String prompt, int limit, ChatRequest request, OutputConstraint constraint) {
        InferenceParameters p = new InferenceParameters(prompt).setNPredict(limit).setCachePrompt(true);
        double temperature = request.temperatureIfSet().orElse(settings.temperature().orElse(Double.NaN));
        if (!Double.isNaN(temperature)) {
            p.setTemperature((float) temperature);
        }
        settings.topP().ifPresent(v -> p.setTopP((float) v));
        settings.topK().ifPresent(p::setTopK);
        settings.seed().ifPresent(v -> p.setSeed((int) v));
        if (constraint.grammar() != null) {
            p.setGrammar(constraint.grammar());
        }
        return p;
    }

    /** Exact: the conversation rendered through the chat template and tokenized by the model. */
    @Override
    public int countTokens(List<Message> messages) {
        Objects.requireNonNull(messages, "messages is null");
        if (messages.isEmpty()) {
            return 0;
        }
        LoadedModel loaded = loaded();
        return loaded.promptTokens(renderer.render(loaded, messages, name));
    }

    @Override
    public boolean countsTokensExactly() {
        return true;
    }

    /**
     * Nothing to forget: every call sends the whole conversation. llama.cpp reuses the cached prefix a new
     * prompt shares with an earlier one, which saves time and never changes what is generated from it.
     */
    @Override
    public void resetContext() {
    }

    @Override
    public UsageStats usage() {
        return usage.snapshot();
    }

    @Override
    public void close() {
        LoadedModel held;
        synchronized (loadLock) {
            closed = true;
            held = model;
            model = null;
        }
        if (held != null) {
            LoadedModels.release(held);
        }
    }

    /** The model this backend holds, or null before its first call. */
    LoadedModel loadedModel() {
        return model;
    }

    private GgufHeader header() throws IOException {
        GgufHeader h = header;
        if (h == null) {
            h = GgufHeader.read(settings.model());
            header = h;
        }
        return h;
    }

    private LoadedModel loaded() {
        LoadedModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (loadLock) {
            if (closed) {
                throw new InvalidRequestException(name, "the backend is closed", 0, null);
            }
            if (model == null) {
                model = load();
            }
            return model;
        }
    }

    private LoadedModel load() {
        if (!Files.isRegularFile(settings.model())) {
            throw new InvalidRequestException(name, "model file " + settings.model() + " not found; point "
                    + "backends." + name + ".model at a .gguf file", 0, null);
        }
        GgufHeader h;
        try {
            h = header();
        } catch (IOException e) {
            throw new InvalidRequestException(name, "model file " + settings.model() + " is not a readable GGUF file: "
                    + e.getMessage(), 0, e);
        }
        ModelKey key = new ModelKey(settings.model(), contextWindow(), settings.parallel(), settings.threads(),
                settings.gpuLayers(), settings.chatTemplate());
        try {
            return LoadedModels.acquire(key, () -> LoadedModel.load(key, h, name));
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) { // the binding's LlamaException is not public
            throw new InvalidRequestException(name, "llama.cpp cannot load " + settings.model() + ": "
                    + e.getMessage(), 0, e);
        }
    }
}
