package dev.consort.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SSE sink: what it writes, and when it sends it (flushes). */
class SseSinkTest {

    /** Records what is written and what is flushed. */
    private static final class Client extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        String sent = "";
        int flushes;
        boolean broken;

        @Override
        public void write(int b) throws IOException {
            check();
            written.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            written.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            check();
            flushes++;
            sent = written.toString(StandardCharsets.UTF_8);
        }

        private void check() throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsWrittenWithoutFlushGoOutWithTheNextFlush() {
        Client c = new Client();
        SseSink sink = new SseSink(c);
        assertFalse(sink.unflushed());
        assertTrue(sink.data(json("{\"a\":1}"), false));
        assertTrue(sink.data(json("{\"b\":2}"), false));
        assertTrue(sink.unflushed());
        assertEquals("", c.sent);
        assertTrue(sink.flush());
        assertEquals("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n", c.sent);
        assertFalse(sink.unflushed());
        assertTrue(sink.flush(), "nothing to send is no failure");
        assertEquals(1, c.flushes, "a flush with nothing written sends nothing");
        assertTrue(sink.data(json("{\"c\":3}"), false));
        assertTrue(sink.data(json("{\"d\":4}"), true));
        assertEquals(2, c.flushes);
        assertFalse(sink.unflushed());
        assertTrue(sink.data(json("{\"e\":5}")), "the one-argument form sends at once");
        assertEquals(3, c.flushes);
        sink.done();
        assertTrue(c.sent.endsWith("data: {\"e\":5}\n\ndata: [DONE]\n\n"), c.sent);
    }

    @Test
    void aClientGoneWhenFlushingIsReported() {
        Client c = new Client();
        SseSink sink = new SseSink(c);
        assertTrue(sink.data(json("{}"), false));
        c.broken = true;
        assertFalse(sink.flush());
        assertTrue(sink.clientGone());
        assertFalse(sink.unflushed(), "nothing more can be sent");
        assertFalse(sink.data(json("{}"), true));
    }
}
