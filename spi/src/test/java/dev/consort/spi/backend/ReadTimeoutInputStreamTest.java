package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ReadTimeoutInputStreamTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /**
     * A silent server on 127.0.0.1: the client's socket stream blocks like an HTTP body whose server
     * stopped sending. (A PipedInputStream cannot stand in here: its blocked read ignores close(),
     * while the streams this class guards, sockets and HttpClient bodies, fail when closed.)
     */
    @Test
    void failsASilentStreamAfterTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            ReadTimeoutInputStream in = new ReadTimeoutInputStream(client.getInputStream(), TIMEOUT);
            long start = System.nanoTime();
            InterruptedIOException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(InterruptedIOException.class, () -> in.read(new byte[16])));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 150 && millis < 3_000, "timed out after " + millis + " ms");
            assertTrue(in.timedOut());
            assertTrue(e.getMessage().contains("200 ms"), e.getMessage());
            assertThrows(InterruptedIOException.class, in::read, "a timed-out stream stays failed");
            assertFalse(accepted.isClosed());
        }
    }

    @Test
    void passesThroughDataThatArrivesInTime() throws Exception {
        PipedInputStream pipe = new PipedInputStream();
        PipedOutputStream out = new PipedOutputStream(pipe);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (String part : new String[] {"data: a\n", "data: b\n", "\n"}) {
                    Thread.sleep(30);
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (ReadTimeoutInputStream in = new ReadTimeoutInputStream(pipe, Duration.ofSeconds(2))) {
            byte[] all = assertTimeoutPreemptively(Duration.ofSeconds(5), in::readAllBytes);
            assertArrayEquals("data: a\ndata: b\n\n".getBytes(StandardCharsets.UTF_8), all);
            assertFalse(in.timedOut());
        }
        writer.join();
    }

    @Test
    void singleByteReadsPassThroughAndEndOfStreamIsReported() throws IOException {
        InputStream source = new java.io.ByteArrayInputStream(new byte[] {7, 8});
        try (ReadTimeoutInputStream in = new ReadTimeoutInputStream(source, TIMEOUT)) {
            assertEquals(7, in.read());
            assertEquals(8, in.read());
            assertEquals(-1, in.read());
            assertFalse(in.timedOut());
        }
    }

    @Test
    void silenceBetweenReadsDoesNotCount() throws Exception {
        InputStream source = new java.io.ByteArrayInputStream(new byte[] {1, 2});
        try (ReadTimeoutInputStream in = new ReadTimeoutInputStream(source, Duration.ofMillis(50))) {
            assertEquals(1, in.read());
            Thread.sleep(150);
            assertEquals(2, in.read());
            assertFalse(in.timedOut());
        }
    }

    /**
     * Some streams answer a close during a blocked read with an end of stream rather than an error; a
     * timed-out body must still fail rather than look complete.
     */
    @Test
    void aReadEndedByTheTimeoutIsAnErrorEvenWhenTheStreamReportsItsEnd() {
        ReadTimeoutInputStream in = new ReadTimeoutInputStream(new EndsWhenClosed(), TIMEOUT);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InterruptedIOException.class, () -> in.read(new byte[4])));
        assertTrue(in.timedOut());
        ReadTimeoutInputStream single = new ReadTimeoutInputStream(new EndsWhenClosed(), TIMEOUT);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InterruptedIOException.class, single::read));
    }

    @Test
    void closingItIsNotATimeout() throws Exception {
        EndsWhenClosed source = new EndsWhenClosed();
        ReadTimeoutInputStream in = new ReadTimeoutInputStream(source, Duration.ofMillis(100));
        in.close();
        Thread.sleep(150);
        assertFalse(in.timedOut());
    }

    @Test
    void refusesANonPositiveTimeout() {
        InputStream in = InputStream.nullInputStream();
        assertThrows(IllegalArgumentException.class, () -> new ReadTimeoutInputStream(in, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ReadTimeoutInputStream(in, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> new ReadTimeoutInputStream(in, null));
        assertThrows(NullPointerException.class, () -> new ReadTimeoutInputStream(null, TIMEOUT));
    }

    /** A body that blocks until closed, then reports its end. */
    private static final class EndsWhenClosed extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            await();
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            await();
            return -1;
        }

        private void await() throws InterruptedIOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

}
