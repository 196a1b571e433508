package dev.consort.backend.fast;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.testkit.BackendContract;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;

/** The test kit's backend contract, on recorded OpenAI answers. */
class OpenAiContractTest extends BackendContract {

    @Override
    protected LLMBackend backend(ReplayServer server) {
        return OpenAiFixture.backend(server);
    }

    @Override
    protected Reply streamedText() {
        return OpenAiFixture.recorded("openai-chat-stream-text-langchaingo.sse");
    }

    @Override
    protected Reply wholeText() {
        return OpenAiFixture.recorded("openai-chat-nonstream-langchaingo.json");
    }

    @Override
    protected int bytesBeforeStall() {
        return 1200;
    }
}
