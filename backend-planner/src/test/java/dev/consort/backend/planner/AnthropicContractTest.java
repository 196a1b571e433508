package dev.consort.backend.planner;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.testkit.BackendContract;
import dev.consort.spi.testkit.ReplayServer;
import dev.consort.spi.testkit.Reply;

/** The test kit's backend contract, on recorded Anthropic answers. */
class AnthropicContractTest extends BackendContract {

    @Override
    protected LLMBackend backend(ReplayServer server) {
        return AnthropicFixture.backend(server);
    }

    @Override
    protected Reply streamedText() {
        return AnthropicFixture.recorded("anthropic-messages-stream-text-langchaingo.sse");
    }

    @Override
    protected Reply wholeText() {
        return AnthropicFixture.recorded("anthropic-messages-nonstream-langchaingo.json");
    }

    @Override
    protected Reply errorReply(int status, String message) {
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
        return AnthropicFixture.error(status, type, message);
    }

    @Override
    protected int bytesBeforeStall() {
        return 900;
    }
}
