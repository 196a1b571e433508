package dev.consort.backend.local.llamacpp;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.testkit.BackendBehaviourContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test kit's transport-independent contract on the in-process engine and the tiny random model:
 * streams end with one Done, usage is counted, a close from another thread ends the generation. (HTTP
 * failure mapping, the rest of {@code BackendContract}, does not apply to an engine in the process.)
 */
class LlamaCppContractTest extends BackendBehaviourContract {

    @TempDir
    static Path dir;

    private int maxTokens = 24;

    @Override
    protected LLMBackend newBackend() {
        return TinyModelBackends.create(dir);
    }

    @Override
    protected ChatRequest request() {
        return TinyModelBackends.ask("Say hello", maxTokens);
    }

    @Override
    protected void arrangeStreamedText() {
        maxTokens = 24;
    }

    @Override
    protected void arrangeWholeText() {
        maxTokens = 24;
    }

    /** The tiny model has no reason to stop: a long allowance keeps it generating while the test closes. */
    @Override
    protected void arrangeStalledStream() {
        maxTokens = 400;
    }
}
