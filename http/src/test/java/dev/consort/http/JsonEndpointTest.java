package dev.consort.http;

import static dev.consort.http.ScriptedServer.keepAlive;
import static dev.consort.http.ScriptedServer.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.http.ScriptedServer.Received;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.HttpFailures;
import dev.consort.spi.backend.RateLimitedException;
import dev.consort.spi.backend.ServerErrorException;
import dev.consort.spi.backend.TransportException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a backend posts JSON and what its failures become. */
class JsonEndpointTest {

    /** A backend's wording of failures that notes what it was given. */
    private static final class Recording implements JsonEndpoint.Failures {
        record Status(int status, String body, Map<String, List<String>> headers) {
        }

        final List<Status> statuses = new CopyOnWriteArrayList<>();
        final List<IOException> transports = new CopyOnWriteArrayList<>();

        @Override
        public BackendException forStatus(int status, String body, Map<String, List<String>> headers) {
            statuses.add(new Status(status, body, headers));
            return HttpFailures.forStatus("test", status, body,
                    HttpFailures.retryAfter(headers, java.time.Clock.systemUTC()).orElse(null));
        }

        @Override
        public TransportException transport(IOException e) {
            transports.add(e);
            return new TransportException("test", "backend 'test': " + e, e instanceof java.io.InterruptedIOException, e);
        }
    }

    private final Recording failures = new Recording();
    private final JsonEndpoint endpoint = new JsonEndpoint("test", Duration.ofSeconds(5), failures);

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void postsJsonWithTheGivenHeadersAndGivesTheBodyOfA2xx() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ScriptedServer.answer(201, "", "{\"id\":\"x\"}")))) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer k");
            headers.put("Accept", "text/event-stream");
            byte[] json = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
            try (InputStream in = endpoint.post(server.uri("/v1/chat/completions"), headers, json, Wire.PATIENT)) {
                assertEquals("{\"id\":\"x\"}", Wire.text(in));
            }
            Received got = server.requests().getFirst();
            assertEquals("POST /v1/chat/completions HTTP/1.1", got.requestLine());
            assertEquals(List.of("application/json"), got.headers("Content-Type"));
            assertEquals(List.of("Bearer k"), got.headers("Authorization"));
            assertEquals(List.of("text/event-stream"), got.headers("Accept"));
            assertEquals("{\"model\":\"m\"}", got.bodyText());
            assertEquals(List.of(), failures.statuses);
            assertEquals(List.of(), failures.transports);
        }
    }

    @Test
    void anErrorStatusIsHandedToFailuresWithItsBodyAndHeaders() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ScriptedServer.answer(429,
                "Retry-After: 7\r\nX-Request-Id: abc\r\n", "{\"error\":{\"message\":\"slow down\"}}")))) {
            var e = assertThrows(RateLimitedException.class,
                    () -> endpoint.post(server.uri("/"), Map.of(), new byte[] {'{', '}'}, Wire.PATIENT));
            assertEquals(1, failures.statuses.size());
            var s = failures.statuses.getFirst();
            assertEquals(429, s.status());
            assertEquals("{\"error\":{\"message\":\"slow down\"}}", s.body());
            assertEquals(List.of("7"), s.headers().get("retry-after"), "header names compare without case");
            assertEquals(List.of("abc"), s.headers().get("X-REQUEST-ID"));
            assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
            assertEquals(List.of(), failures.transports);
        }
    }

    @Test
    void aServerErrorIsHandedToFailuresAndTheConnectionStaysUsable() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> r.target().equals("/fail")
                ? ScriptedServer.answer(500, "", "boom") : ok("fine")))) {
            assertThrows(ServerErrorException.class,
                    () -> endpoint.post(server.uri("/fail"), Map.of(), new byte[0], Wire.PATIENT));
            assertEquals("boom", failures.statuses.getFirst().body());
            assertEquals(500, failures.statuses.getFirst().status());
            assertEquals("fine", Wire.text(endpoint.post(server.uri("/ok"), Map.of(), new byte[0], Wire.PATIENT)));
            assertEquals(1, server.accepted(), "the error body was read to its end, so its connection was reused");
        }
    }

    @Test
    void aRedirectIsAFailureToo() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 301 Moved\r\nLocation: /new\r\n"
                + "Content-Length: 0\r\n\r\n"))) {
            assertThrows(BackendException.class,
                    () -> endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT));
            assertEquals(301, failures.statuses.getFirst().status());
            assertEquals(List.of("/new"), failures.statuses.getFirst().headers().get("location"));
        }
    }

    @Test
    void anErrorBodyIsCutTo64KiB() throws Exception {
        String big = "e".repeat(100_000);
        try (var server = ScriptedServer.start(keepAlive(r -> ScriptedServer.answer(400, "", big)))) {
            assertThrows(BackendException.class,
                    () -> endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT));
            assertEquals(64 * 1024, failures.statuses.getFirst().body().length());
        }
    }

    @Test
    void anUnreadableErrorBodyStillGivesTheStatus() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n");
            conn.awaitEof(Wire.PATIENT);
        })) {
            assertThrows(BackendException.class,
                    () -> endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT));
            assertEquals(503, failures.statuses.getFirst().status());
            assertEquals("", failures.statuses.getFirst().body());
        }
    }

    @Test
    void aRefusedConnectionIsHandedToFailuresTransport() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        var e = assertThrows(TransportException.class,
                () -> endpoint.post(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), new byte[0], Wire.PATIENT));
        assertInstanceOf(ConnectException.class, failures.transports.getFirst());
        assertSame(failures.transports.getFirst(), e.getCause());
    }

    @Test
    void aReadTimeoutIsHandedToFailuresTransport() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.awaitEof(Wire.PATIENT);
        })) {
            var e = assertThrows(TransportException.class,
                    () -> endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.SHORT));
            assertInstanceOf(SocketTimeoutException.class, failures.transports.getFirst());
            assertTrue(e.timeout());
        }
    }

    @Test
    void aFailureOfAnInterruptedThreadIsAnInterruptionNotTheBackendsWording() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            try {
                endpoint.post(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), new byte[0], Wire.PATIENT);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        var e = assertInstanceOf(TransportException.class, failure.get(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port), e.getMessage());
        assertEquals(List.of(), failures.transports);
    }

    @Test
    void readCappedGivesTheBytesOfABody() throws Exception {
        byte[] body = new byte[200_000];
        new java.util.Random(7).nextBytes(body);
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1)))) {
            InputStream in = endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT);
            assertArrayEquals(body, endpoint.readCapped(in));
            assertEquals(-1, in.read(), "read to its end");
            endpoint.readCapped(endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void readCappedTakesABodyOfExactlyTheCap() {
        byte[] got = endpoint.readCapped(new Zeros(JsonEndpoint.MAX_BODY_BYTES));
        assertEquals(JsonEndpoint.MAX_BODY_BYTES, got.length);
    }

    @Test
    void readCappedRefusesABodyOverTheCapAndClosesIt() throws Exception {
        int size = JsonEndpoint.MAX_BODY_BYTES + (1 << 20);
        CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < size; sent += block.length) {
                    conn.out.write(block, 0, Math.min(block.length, size - sent));
                }
                conn.out.flush();
                clientClosed.complete(conn.awaitEof(Wire.PATIENT));
            } catch (IOException closedUnderUs) {
                clientClosed.complete(true);
            }
        })) {
            InputStream in = endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT);
            var e = assertThrows(TransportException.class, () -> endpoint.readCapped(in));
            assertTrue(e.getMessage().contains("32 MiB"), e.getMessage());
            assertTrue(clientClosed.get(10, TimeUnit.SECONDS), "the rest of the answer is not read");
            assertEquals(List.of(), failures.transports);
        }
    }

    @Test
    void readCappedRefusesOneByteOverTheCap() {
        Zeros in = new Zeros(JsonEndpoint.MAX_BODY_BYTES + 1L);
        assertThrows(TransportException.class, () -> endpoint.readCapped(in));
        assertTrue(in.closed);
    }

    @Test
    void aBodyCutShortIsHandedToFailuresTransport() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"partial\":");
            conn.close();
        })) {
            InputStream in = endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.PATIENT);
            assertThrows(TransportException.class, () -> endpoint.readCapped(in));
            assertInstanceOf(EOFException.class, failures.transports.getFirst());
        }
    }

    @Test
    void theBodyOfA2xxFailsWithAnInterruptedIoExceptionAfterTheReadTimeout() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n");
            conn.awaitEof(Wire.PATIENT);
        })) {
            try (InputStream in = endpoint.post(server.uri("/"), Map.of(), new byte[0], Wire.SHORT)) {
                assertEquals("{}", new String(in.readNBytes(2), StandardCharsets.UTF_8));
                assertThrows(java.io.InterruptedIOException.class, in::read);
            }
        }
    }

    /** A stream of zeros of a given length that notes being closed. */
    private static final class Zeros extends InputStream {
        long left;
        boolean closed;

        Zeros(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

}
