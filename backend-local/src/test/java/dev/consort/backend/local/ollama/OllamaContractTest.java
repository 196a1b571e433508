package dev.consort.backend.local.ollama;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.testkit.BackendContract;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;

/** The test kit's backend contract, on recorded Ollama answers. */
class OllamaContractTest extends BackendContract {

    @Override
    protected LLMBackend backend(ReplayServer server) {
        return OllamaFixture.backend(server);
    }

    @Override
    protected Reply streamedText() {
        return Reply.recorded(OllamaContractTest.class, "/wire/ollama-chat-stream-langchaingo.ndjson");
    }

    /** The only whole answer on record calls a tool; its usage figures are what the contract counts. */
    @Override
    protected Reply wholeText() {
        return Reply.recorded(OllamaContractTest.class, "/wire/ollama-chat-nonstream-toolcall-langchaingo.json");
    }

    /** Ollama's own error shape: {@code {"error": "..."}}. */
    @Override
    protected Reply errorReply(int status, String message) {
        return Reply.status(status).contentType("application/json; charset=utf-8")
                .body("{\"error\":\"" + message + "\"}");
    }

    @Override
    protected int bytesBeforeStall() {
        return 200;
    }
}
