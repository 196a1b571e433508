package dev.consort.backend.local.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.util.Objects;

/**
 * One GGUF model loaded in llama.cpp, shared by every backend with the same {@link ModelKey}.
 *
 * <p>Thread-safe: llama.cpp's embedded server runs one loop thread that owns the model; callers post
 * completion tasks to its queue and read their results, so any number of threads may generate at once.
 * {@link ModelKey#parallel()} slots decode together (continuous batching); further calls wait in
 * llama.cpp's queue, in order. Tokenizing and template rendering are read-only and run on the caller.
 */
final class LoadedModel implements AutoCloseable {

    private final ModelKey key;
    private final boolean addsBos;
    private final LlamaModel model;

    private LoadedModel(ModelKey key, boolean addsBos, LlamaModel model) {
        this.key = key;
        this.addsBos = addsBos;
        this.model = model;
    }

    /**
     * Loads a model. Blocks for as long as llama.cpp takes (memory-mapping the file, warming up).
     *
     * @throws RuntimeException                          when llama.cpp refuses the file (its LlamaException)
     * @throws dev.consort.spi.backend.TransportException when the native library does not load
     */
    static LoadedModel load(ModelKey key, GgufHeader header, String backend) {
        Objects.requireNonNull(key, "key is null");
        ModelParameters parameters = new ModelParameters()
                .setModel(key.file().toString())
                .setCtxSize(key.slotWindow() * key.parallel())
                .setParallel(key.parallel())
                // a prompt never exceeds its window (refused before) and output is capped to what is left,
                // so llama.cpp must not silently drop context to make room
                .disableContextShift()
                .enableJinja()
                .disableLog();
        if (key.threads() > 0) {
            parameters.setThreads(key.threads());
        }
        if (key.gpuLayers() >= 0) {
            parameters.setGpuLayers(key.gpuLayers());
        }
        if (key.chatTemplate() != null) {
            parameters.setChatTemplate(key.chatTemplate());
        }
        NativeEngine.ensureLoaded(backend);
        return new LoadedModel(key, header.addsBos(), new LlamaModel(parameters));
    }

    ModelKey key() {
        return key;
    }

    /** The context window of one call. */
    int window() {
        return key.slotWindow();
    }

    /**
     * The tokens llama.cpp evaluates for this prompt text: the BOS token it adds, then the text parsed
     * with special tokens, exactly as its completion endpoint tokenizes.
     */
    int promptTokens(String prompt) {
        return model.encode(prompt).length + (addsBos ? 1 : 0);
    }

    /** Renders a chat through the model's template ({@code {"messages": [...]}} as JSON). */
    String render(String chatJson) {
        return model.applyTemplate(chatJson);
    }

    /** Starts a generation; its results arrive through the iterator. */
    LlamaIterator generate(InferenceParameters parameters) {
        return model.generate(parameters).iterator();
    }

    @Override
    public void close() {
        model.close();
    }
}
