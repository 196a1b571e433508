package org.example.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.TransportException;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.testkit.BackendContract;
import dev.consort.spi.testkit.MapPluginConfig;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * The test kit's contract (streams end with one Done, close cancels, usage counted, failures typed), plus
 * this backend's own wire details, against the test kit's replay server on 127.0.0.1.
 */
class TextGenContractTest extends BackendContract {

    private static final String STREAM = """
            data: Hello

            data: , I am the

            data:  example text service.

            event: done
            data: 12 9

            """;

    @Override
    protected LLMBackend backend(ReplayServer server) {
        return new TextGenBackendProvider().create("textgen-test", MapPluginConfig.at("backends.textgen-test",
                "model", "tiny", "base_url", server.baseUrl(), "read_timeout", "5s"), MapPluginConfig.context());
    }

    @Override
    protected Reply streamedText() {
        return Reply.ok().contentType("text/event-stream").body(STREAM);
    }

    @Override
    protected Reply wholeText() {
        return Reply.ok().contentType("text/plain").header("X-Prompt-Tokens", "12").header("X-Completion-Tokens", "9")
                .body("Hello, I am the example text service.");
    }

    @Test
    void aWholeAnswerCarriesTheServicesTokenCounts() {
        server().enqueue(wholeText());
        try (LLMBackend backend = backend(server())) {
            ChatResponse r = backend.chat(request());
            assertEquals("Hello, I am the example text service.", r.content());
            assertEquals(12, r.usage().promptTokens());
            assertEquals(9, r.usage().completionTokens());
        }
    }

    @Test
    void aStreamCutBeforeItsDoneEventIsATransportFailure() {
        server().enqueue(Reply.ok().contentType("text/event-stream").body("data: Hel\n\n"));
        try (LLMBackend backend = backend(server())) {
            assertThrows(TransportException.class, () -> backend.stream(request()).collect());
        }
    }
}
