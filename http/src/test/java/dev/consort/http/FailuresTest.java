package dev.consort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How exchanges fail: each failure has the type the Javadoc promises. */
class FailuresTest {

    /** A server that answers every request with the bytes given and then waits for the client to go. */
    private static ScriptedServer answering(String bytes) throws IOException {
        return ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send(bytes);
            conn.awaitEof(Wire.PATIENT);
        });
    }

    private static IOException sendFails(String answer) throws IOException {
        try (var server = answering(answer); var client = Wire.client()) {
            return assertThrows(IOException.class, () -> client.send(Wire.get(server.uri("/"))));
        }
    }

    private static IOException bodyFails(String answer) throws IOException {
        try (var server = answering(answer); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                return assertThrows(IOException.class, () -> r.body().readAllBytes());
            }
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (var client = Wire.client()) {
            assertThrows(ConnectException.class, () -> client.send(Wire.get(URI.create("http://127.0.0.1:" + port))));
        }
    }

    /**
     * A listener whose accept queue is full drops further SYNs, so a connect to it hangs: the one way to
     * see a TCP connect time out on loopback. Skipped where the network stack answers anyway.
     */
    @Test
    void aConnectThatDoesNotCompleteInTimeIsAConnectTimeout() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, lo)) {
            boolean hangs = false;
            for (int i = 0; i < 8 && !hangs; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(new InetSocketAddress(lo, full.getLocalPort()), 300);
                } catch (SocketTimeoutException e) {
                    hangs = true;
                }
            }
            Assumptions.assumeTrue(hangs, "this network stack completes every loopback connect");
            try (var client = Http11Client.builder().proxies(null).connectTimeout(Duration.ofMillis(300)).build()) {
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/");
                var e = assertThrows(ConnectTimeoutException.class, () -> client.send(Wire.get(uri, Wire.SHORT)));
                assertInstanceOf(SocketTimeoutException.class, e.getCause());
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void aTlsHandshakeThatDoesNotCompleteInTimeIsAConnectTimeout() throws Exception {
        // The server takes the connection and never says a word: the handshake is part of connecting.
        try (var server = ScriptedServer.start(conn -> conn.awaitEof(Wire.PATIENT));
             var client = Http11Client.builder().proxies(null).connectTimeout(Duration.ofMillis(200)).build()) {
            URI uri = URI.create("https://127.0.0.1:" + server.port() + "/");
            assertThrows(ConnectTimeoutException.class, () -> client.send(Wire.get(uri, Wire.PATIENT)));
        }
    }

    @Test
    void aProxyThatDoesNotAnswerConnectInTimeIsAConnectTimeout() throws Exception {
        CompletableFuture<String> asked = new CompletableFuture<>();
        try (var proxy = ScriptedServer.start(conn -> {
            asked.complete(conn.readRequest().requestLine());
            conn.awaitEof(Wire.PATIENT);
        }); var client = Http11Client.builder().proxies(RequestWireFormatTest.selector(proxy.port()))
                .connectTimeout(Duration.ofMillis(200)).build()) {
            assertThrows(ConnectTimeoutException.class,
                    () -> client.send(Wire.get(URI.create("https://localhost:1/"), Wire.PATIENT)));
            assertEquals("CONNECT localhost:1 HTTP/1.1", asked.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSilentServerBeforeTheHeadIsAReadTimeoutAndTheConnectionIsClosed() throws Exception {
        CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            clientClosed.complete(conn.awaitEof(Wire.PATIENT));
        }); var client = Wire.client()) {
            var e = assertThrows(SocketTimeoutException.class,
                    () -> client.send(Wire.get(server.uri("/"), Wire.SHORT)));
            assertFalse(e instanceof ConnectTimeoutException, "a read time-out is told apart from a connect one");
            assertTrue(clientClosed.get(5, TimeUnit.SECONDS));
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aReadTimesOutAfterTheClientSatIdleAndAFasterServerOnTheSameClientIsNotCutShort() throws Exception {
        try (var silent = answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
             var slow = ScriptedServer.start(conn -> {
                 conn.readRequest();
                 conn.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
                 for (String part : List.of("a", "b", "c")) {
                     Thread.sleep(100);
                     conn.send(part);
                 }
                 conn.awaitEof(Wire.PATIENT);
             });
             var client = Wire.client()) {
            // The watcher falls asleep with nothing to watch; the next read must wake it.
            long until = System.nanoTime() + Wire.PATIENT.toNanos();
            while (!ReadDeadlines.SHARED.sleeping() && System.nanoTime() < until) {
                Thread.sleep(ReadDeadlines.TICK_MILLIS);
            }
            assertTrue(ReadDeadlines.SHARED.sleeping(), "the watcher sleeps while nothing reads");
            long start = System.nanoTime();
            try (Response r = client.send(Wire.get(silent.uri("/"), Wire.SHORT))) {
                assertEquals("abc", new String(r.body().readNBytes(3)));
                assertThrows(SocketTimeoutException.class, () -> r.body().read());
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= Wire.SHORT.toMillis(), "not before its time-out: " + tookMillis + " ms");
            // Each read has its own deadline: three silences of 100 ms, 300 ms in all, within a 200 ms time-out.
            try (Response r = client.send(Wire.get(slow.uri("/"), Wire.SHORT))) {
                assertEquals("abc", Wire.text(r));
            }
        }
    }

    @Test
    void aServerThatStallsInTheMiddleOfABodyIsAReadTimeout() throws Exception {
        try (var server = answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/"), Wire.SHORT))) {
                InputStream in = r.body();
                assertEquals("abc", new String(in.readNBytes(3)));
                assertThrows(InterruptedIOException.class, in::read);
            }
        }
    }

    @Test
    void aServerThatStallsInTheMiddleOfAChunkedBodyIsAReadTimeout() throws Exception {
        try (var server = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/"), Wire.SHORT))) {
                InputStream in = r.body();
                assertEquals("abc", new String(in.readNBytes(3)));
                assertThrows(SocketTimeoutException.class, in::read);
            }
        }
    }

    @Test
    void aBodyCutBeforeItsContentLengthIsAnEofException() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            conn.close();
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                var e = assertThrows(EOFException.class, () -> r.body().readAllBytes());
                assertTrue(e.getMessage().contains("3 of the body's 10 bytes"), e.getMessage());
            }
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5\r\nab", "5\r\nabcde", "5\r\nabcde\r\n", "5\r\nabcde\r\n0\r\n", "5\r\nabcde\r\n0\r\nX-T: 1\r\n",
        "5\r\nabcde\r\n2"})
    void aChunkedBodyCutAnywhereBeforeItsEndIsAnEofException(String cut) throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + cut);
            conn.close();
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertThrows(EOFException.class, () -> r.body().readAllBytes());
            }
        }
    }

    @Test
    void aConnectionClosedBeforeTheHeadEndsIsAnEofException() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Le");
            conn.close();
        }); var client = Wire.client()) {
            assertThrows(EOFException.class, () -> client.send(Wire.get(server.uri("/"))));
        }
    }

    @Test
    void aResetConnectionIsAnIOException() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            conn.reset();
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                IOException e = assertThrows(IOException.class, () -> r.body().readAllBytes());
                assertFalse(e instanceof InterruptedIOException, e.toString());
            } catch (IOException resetBeforeTheHead) {
                // the reset may overtake the head: also an IOException, which is what the test asks
                assertFalse(resetBeforeTheHead instanceof InterruptedIOException, resetBeforeTheHead.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1  200 OK", "HTTP/1.1 abc OK",
        "ICY 200 OK", "<html>", "HTTP/1.1 200OK", ""})
    void aMalformedStatusLineIsAProtocolException(String statusLine) throws Exception {
        IOException e = sendFails(statusLine + "\r\nContent-Length: 0\r\n\r\n");
        assertInstanceOf(ProtocolException.class, e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5, 6", "Content-Length: -1",
        "Content-Length: five", "Content-Length: ", "Content-Length: 99999999999999999999"})
    void aBadOrConflictingContentLengthIsAProtocolException(String header) throws Exception {
        IOException e = sendFails("HTTP/1.1 200 OK\r\n" + header + "\r\n\r\nhello");
        assertInstanceOf(ProtocolException.class, e);
    }

    @Test
    void repeatedEqualContentLengthsAreOneLength() throws Exception {
        try (var server = answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5, 5\r\n\r\nhello");
             var client = Wire.client()) {
            assertEquals("hello", Wire.fetch(client, server.uri("/")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "", ";ext", "0x5", "1234567890abcdef0", "-1", "-5", " "})
    void aBadChunkSizeIsAProtocolException(String size) throws Exception {
        IOException e = bodyFails("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nabcde\r\n0\r\n\r\n");
        assertInstanceOf(ProtocolException.class, e);
    }

    @Test
    void aChunkLongerThanItsSizeIsAProtocolException() throws Exception {
        IOException e = bodyFails("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n");
        assertInstanceOf(ProtocolException.class, e);
    }

    @Test
    void aHeaderLineWithoutAColonIsAProtocolException() throws Exception {
        assertInstanceOf(ProtocolException.class, sendFails("HTTP/1.1 200 OK\r\nNot a header\r\n\r\n"));
        assertInstanceOf(ProtocolException.class, sendFails("HTTP/1.1 200 OK\r\n: no name\r\n\r\n"));
    }

    @Test
    void aHeadLargerThan64KiBIsRefused() throws Exception {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 70; i++) {
            head.append("X-H").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        head.append("Content-Length: 0\r\n\r\n");
        IOException e = sendFails(head.toString());
        assertInstanceOf(ProtocolException.class, e);
        assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void aHeadJustUnder64KiBIsRead() throws Exception {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 60; i++) {
            head.append("X-H").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        head.append("Content-Length: 2\r\n\r\nok");
        try (var server = answering(head.toString()); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(61, r.headers().size());
                assertEquals("ok", Wire.text(r));
            }
        }
    }

    @Test
    void aHeaderLineLongerThan16KiBIsRefused() throws Exception {
        IOException e = sendFails("HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(40_000) + "\r\nContent-Length: 0\r\n\r\n");
        assertInstanceOf(ProtocolException.class, e);
    }

    @Test
    void aStatusLineWithoutEndIsRefusedRatherThanHeld() throws Exception {
        IOException e = sendFails("HTTP/1.1 200 " + "x".repeat(100_000));
        assertInstanceOf(ProtocolException.class, e);
    }
}
