package dev.consort.gateway;

import dev.consort.spi.backend.AuthenticationException;
import dev.consort.spi.backend.ChatStream;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted backend: answers with fixed pieces (and tool calls when the request offers tools), or streams
 * without end until closed, or always fails. Records requests and stream closes. Thread-safe.
 */
final class FakeBackend extends TestBackend {

    enum Mode { ANSWER, ENDLESS, FAIL, BUG }

    private final Mode mode;
    private final List<String> pieces;
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch streamClosed = new CountDownLatch(1);
    final CountDownLatch streaming = new CountDownLatch(1);

    FakeBackend(String name, Mode mode, String... pieces) {
        super(name, "fake");
        this.mode = mode;
        this.pieces = List.of(pieces);
    }

    static FakeBackend answering(String name, String... pieces) {
        return new FakeBackend(name, Mode.ANSWER, pieces);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return stream(request).collect();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        requests.add(request);
        if (mode == Mode.BUG) {
            throw new IllegalStateException("a bug in the backend");
        }
        if (mode == Mode.FAIL) {
            throw new AuthenticationException(name(), "backend '" + name() + "': the upstream refused its key", 401, null);
        }
        List<ChatChunk> chunks = new ArrayList<>();
        if (mode == Mode.ANSWER) {
            pieces.forEach(p -> chunks.add(new ChatChunk.Text(p)));
            boolean tools = !request.tools().isEmpty();
            if (tools) {
                chunks.add(new ChatChunk.ToolCallReady(new ToolCall("call_1", request.tools().get(0).name(),
                        "{\"city\":\"Paris\"}")));
            }
            chunks.add(new ChatChunk.Done(tools ? FinishReason.TOOL_CALLS : FinishReason.STOP,
                    Usage.exact(countTokens(request.messages()), pieces.size()), "fake-model"));
        }
        Iterator<ChatChunk> it = mode == Mode.ENDLESS ? endless() : chunks.iterator();
        return ChatStream.of(it, streamClosed::countDown);
    }

    private Iterator<ChatChunk> endless() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return streamClosed.getCount() > 0;
            }

            @Override
            public ChatChunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                streaming.countDown();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ChatChunk.Text("tick ");
            }
        };
    }

}
