package dev.consort.backend.local.llamacpp;

import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.core.api.TinyModel;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import java.nio.file.Path;
import java.util.List;

/** Backends on the generated tiny model (seed 42), for the tests. */
final class TinyModelBackends {

    static final long MODEL_SEED = 42;

    private TinyModelBackends() {
    }

    static Path model(Path dir) {
        return TinyModel.write(TinyModel.defaultPath(dir), MODEL_SEED);
    }

    static LLMBackend create(Path dir, Object... extraConfig) {
        Object[] config = new Object[4 + extraConfig.length];
        config[0] = "model";
        config[1] = model(dir).toString();
        config[2] = "seed";
        config[3] = 7;
        System.arraycopy(extraConfig, 0, config, 4, extraConfig.length);
        return new LlamaCppBackendProvider().create("local", MapPluginConfig.at("backends.local", config),
                MapPluginConfig.context(dir));
    }

    static ChatRequest ask(String text, int maxTokens) {
        return ChatRequest.builder().messages(List.of(Message.system("Be brief."), Message.user(text)))
                .maxTokens(maxTokens).build();
    }
}
