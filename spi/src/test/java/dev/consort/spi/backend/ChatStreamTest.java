package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

    private final AtomicInteger closes = new AtomicInteger();

    private ChatStream stream(ChatChunk... chunks) {
        return ChatStream.of(List.of(chunks).iterator(), closes::incrementAndGet);
    }

    private static ChatChunk.Done done(FinishReason reason) {
        return new ChatChunk.Done(reason, Usage.exact(12, 3), "gpt-test");
    }

    @Test
    void collectsTextReasoningAndTheFinalChunk() {
        ChatResponse r = stream(new ChatChunk.Reasoning("think "), new ChatChunk.Text("Hel"),
                new ChatChunk.Reasoning("more"), new ChatChunk.UsageUpdate(Usage.exact(12, 1)),
                new ChatChunk.Text("lo"), done(FinishReason.STOP)).collect();
        assertEquals("Hello", r.content());
        assertEquals("think more", r.reasoning());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(Usage.exact(12, 3), r.usage());
        assertEquals("gpt-test", r.model());
        assertEquals(List.of(), r.toolCalls());
        assertEquals(1, closes.get());
    }

    @Test
    void collectsToolCallsInOrder() {
        ToolCall a = new ToolCall("1", "read_file", "{}");
        ToolCall b = new ToolCall("2", "write_file", "{\"p\":1}");
        ChatResponse r = stream(new ChatChunk.ToolCallReady(a), new ChatChunk.ToolCallReady(b),
                done(FinishReason.TOOL_CALLS)).collect();
        assertEquals(List.of(a, b), r.toolCalls());
        assertEquals("", r.content());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    }

    @Test
    void restartedDiscardsEverythingReceivedBefore() {
        ChatResponse r = stream(new ChatChunk.Text("partial from first"), new ChatChunk.Reasoning("r1"),
                new ChatChunk.ToolCallReady(new ToolCall("1", "f", "{}")),
                new ChatChunk.Restarted("first", "second", "HTTP 500"),
                new ChatChunk.Text("from second"), done(FinishReason.STOP)).collect();
        assertEquals("from second", r.content());
        assertEquals("", r.reasoning());
        assertEquals(List.of(), r.toolCalls());
    }

    @Test
    void failedChunkEndsWithAnErrorResponse() {
        ChatResponse r = stream(new ChatChunk.Text("par"), new ChatChunk.Failed("fast", "connection reset"))
                .collect();
        assertEquals(FinishReason.ERROR, r.finishReason());
        assertEquals("par", r.content());
        assertEquals(1, closes.get());
    }

    @Test
    void aStreamWithoutItsFinalChunkIsATransportFailure() {
        ChatStream s = stream(new ChatChunk.Text("cut"));
        TransportException e = assertThrows(TransportException.class, s::collect);
        assertEquals("the stream ended without its final chunk", e.getMessage());
        assertFalse(e.timeout());
        assertEquals(1, closes.get());
    }

    @Test
    void closesOnceWhenTheIteratorFails() {
        ServerErrorException failure = new ServerErrorException("fast", "HTTP 500", 500, null);
        Iterator<ChatChunk> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ChatChunk next() {
                throw failure;
            }
        };
        ChatStream s = ChatStream.of(failing, closes::incrementAndGet);
        assertSame(failure, assertThrows(ServerErrorException.class, s::collect));
        assertEquals(1, closes.get());
    }

    @Test
    void closeRunsTheActionExactlyOnce() {
        ChatStream s = stream(done(FinishReason.STOP));
        s.collect();
        s.close();
        s.close();
        assertEquals(1, closes.get());
    }

    @Test
    void ofRefusesNulls() {
        assertThrows(NullPointerException.class, () -> ChatStream.of(null, () -> { }));
        assertThrows(NullPointerException.class, () -> ChatStream.of(List.<ChatChunk>of().iterator(), null));
    }
}
