package dev.consort.backend.local.llamacpp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What makes two backends share one loaded model: the same file and the same engine settings.
 *
 * @param file         the GGUF file, absolute and normalized; not null
 * @param slotWindow   the context window of each slot, in tokens; positive
 * @param parallel     the number of slots; positive
 * @param threads      generation threads, or 0 for llama.cpp's default
 * @param gpuLayers    layers offloaded to a GPU, or -1 for llama.cpp's default
 * @param chatTemplate the configured template, or null for the model's own
 */
record ModelKey(Path file, int slotWindow, int parallel, int threads, int gpuLayers, String chatTemplate) {

    ModelKey {
        Objects.requireNonNull(file, "file is null");
        file = file.toAbsolutePath().normalize();
        if (slotWindow <= 0 || parallel <= 0) {
            throw new IllegalArgumentException("slotWindow and parallel must be positive");
        }
    }
}
