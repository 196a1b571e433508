package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Usage;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ChatStream#ready()} and {@link SettledStream#ready()}: false unless known, and what is known passed on. */
class ReadyHintTest {

    @Test
    void aStreamIsNotReadyUnlessItSaysSo() {
        Iterator<ChatChunk> none = List.<ChatChunk>of().iterator();
        assertFalse(ChatStream.of(none, () -> { }).ready());
        ChatStream plain = new ChatStream() {
            @Override
            public Iterator<ChatChunk> iterator() {
                return none;
            }

            @Override
            public void close() {
            }
        };
        assertFalse(plain.ready(), "the default is the safe answer");
    }

    @Test
    void ofAsksTheHintEachTime() {
        AtomicBoolean here = new AtomicBoolean();
        AtomicInteger closes = new AtomicInteger();
        ChatStream s = ChatStream.of(List.<ChatChunk>of(new ChatChunk.Text("a")).iterator(), closes::incrementAndGet,
                here::get);
        assertFalse(s.ready());
        here.set(true);
        assertTrue(s.ready());
        here.set(false);
        assertFalse(s.ready());
        s.close();
        s.close();
        assertEquals(1, closes.get());
        assertThrows(NullPointerException.class, () -> ChatStream.of(List.<ChatChunk>of().iterator(), () -> { }, null));
    }

    /** A parser whose chunks are handed out in order; says ready as the test sets it; counts its calls. */
    private static final class Parser implements SettledStream.Source {
        final Deque<ChatChunk> chunks = new ArrayDeque<>();
        boolean ready;
        int nexts;
        int readies;

        @Override
        public ChatChunk next() {
            nexts++;
            return chunks.poll();
        }

        @Override
        public boolean ready() {
            readies++;
            return ready;
        }

        @Override
        public Usage usageSoFar() {
            return Usage.ZERO;
        }
    }

    @Test
    void aSettledStreamIsReadyWithAChunkInHandAtTheEndOrClosedAndElseAsksTheParser() {
        Parser p = new Parser();
        p.chunks.add(new ChatChunk.Text("a"));
        p.chunks.add(new ChatChunk.Done(FinishReason.STOP, Usage.exact(1, 1), "m"));
        SettledStream s = new SettledStream(p, new ByteArrayInputStream(new byte[0]), new UsageCounter(), u -> { });
        assertFalse(s.ready());
        p.ready = true;
        assertTrue(s.ready());
        assertEquals(0, p.nexts, "ready() took no chunk");
        p.ready = false;
        assertTrue(s.hasNext());
        assertTrue(s.ready(), "a chunk fetched by hasNext is here");
        int asked = p.readies;
        assertEquals(new ChatChunk.Text("a"), s.next());
        assertEquals(asked, p.readies);
        assertFalse(s.ready());
        assertTrue(s.hasNext());
        s.next();
        assertFalse(s.hasNext());
        asked = p.readies;
        assertTrue(s.ready(), "finished: hasNext returns at once");
        assertEquals(asked, p.readies, "a finished stream does not ask the parser");

        Parser q = new Parser();
        SettledStream closed = new SettledStream(q, new ByteArrayInputStream(new byte[0]), new UsageCounter(), u -> { });
        closed.close();
        assertTrue(closed.ready());
        assertFalse(closed.hasNext());
        assertEquals(0, q.nexts);
    }
}
