package dev.consort.backend.review;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.testkit.BackendContract;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;

/** The test kit's backend contract, on recorded Gemini answers. */
class GeminiContractTest extends BackendContract {

    @Override
    protected LLMBackend backend(ReplayServer server) {
        return GeminiFixture.backend(server);
    }

    @Override
    protected Reply streamedText() {
        return Reply.recorded(GeminiContractTest.class, "/wire/gemini-stream-text-pydantic-ai.sse");
    }

    @Override
    protected Reply wholeText() {
        return Reply.recorded(GeminiContractTest.class, "/wire/gemini-generate-text-langchaingo.json");
    }

    /** Gemini's own error shape: {@code {"error": {code, message, status}}}. */
    @Override
    protected Reply errorReply(int status, String message) {
        String code = switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
        return Reply.status(status).contentType("application/json; charset=UTF-8").body("{\"error\":{\"code\":"
                + status + ",\"message\":\"" + message + "\",\"status\":\"" + code + "\"}}");
    }

    @Override
    protected int bytesBeforeStall() {
        return 300;
    }
}
