package dev.consort.backend.local.llamacpp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The process's loaded models, one per {@link ModelKey}, counted by the backends that use them: the
 * first backend to ask loads the model (others asking meanwhile wait for that load), the last to release
 * it frees it. Thread-safe.
 */
final class LoadedModels {

    private static final Map<ModelKey, Entry> MODELS = new HashMap<>();

    private static final class Entry {
        final CompletableFuture<LoadedModel> model = new CompletableFuture<>();
        int users;
    }

    private LoadedModels() {
    }

    /**
     * The model for a key, loading it if no backend holds it. Each successful call needs one
     * {@link #release(LoadedModel)}.
     *
     * @throws RuntimeException whatever loading threw; a failed load is forgotten, so a later call retries
     */
    static LoadedModel acquire(ModelKey key, Supplier<LoadedModel> loader) {
        Entry entry;
        boolean mine;
        synchronized (MODELS) {
            entry = MODELS.get(key);
            mine = entry == null;
            if (mine) {
                entry = new Entry();
                MODELS.put(key, entry);
            }
            entry.users++;
        }
        if (mine) {
            try {
                entry.model.complete(loader.get());
            } catch (RuntimeException | Error e) {
                entry.model.completeExceptionally(e);
            }
        }
        try {
            return entry.model.join();
        } catch (java.util.concurrent.CompletionException e) {
            synchronized (MODELS) {
                if (--entry.users == 0) {
                    MODELS.remove(key, entry);
                }
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Gives a model back; frees it when no backend holds it any more. */
    static void release(LoadedModel model) {
        synchronized (MODELS) {
            Entry entry = MODELS.get(model.key());
            if (entry == null || entry.model.getNow(null) != model) {
                return;
            }
            if (--entry.users > 0) {
                return;
            }
            MODELS.remove(model.key());
        }
        model.close();
    }
}
