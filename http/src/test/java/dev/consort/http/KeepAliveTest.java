package dev.consort.http;

import static dev.consort.http.ScriptedServer.answer;
import static dev.consort.http.ScriptedServer.keepAlive;
import static dev.consort.http.ScriptedServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.http.ScriptedServer.Received;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which connections the client keeps, reuses, retries on and closes. */
class KeepAliveTest {

    /** Per connection index, whether the client closed that connection within a few seconds. */
    private final Map<Integer, CompletableFuture<Boolean>> closedByClient = new ConcurrentHashMap<>();

    private CompletableFuture<Boolean> closed(int connection) {
        return closedByClient.computeIfAbsent(connection, k -> new CompletableFuture<>());
    }

    private boolean clientClosed(int connection) throws Exception {
        return closed(connection).get(5, TimeUnit.SECONDS);
    }

    /** Answers one request with the bytes given, then records whether the client closes the connection. */
    private ScriptedServer answerOnceThenWatch(String answer) throws IOException {
        return ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send(answer);
            closed(conn.index).complete(conn.awaitEof(Wire.PATIENT));
        });
    }

    @Test
    void reusesTheConnectionAfterABodyReadToItsEnd() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("answer to " + r.target())));
             var client = Wire.client()) {
            URI uri = server.uri("/");
            for (int i = 0; i < 5; i++) {
                assertEquals("answer to /" + i, Wire.fetch(client, server.uri("/" + i)));
                assertEquals(1, client.idleConnections(uri));
            }
            assertEquals(1, server.accepted());
            assertEquals(List.of(1, 1, 1, 1, 1), server.requests().stream().map(Received::connection).toList());
        }
    }

    @Test
    void reusesTheConnectionAfterAnEmptyBodyAndAnHttp10KeepAlive() throws Exception {
        List<String> answers = List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nten",
                "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                ok("last"));
        try (var server = ScriptedServer.start(conn -> {
            for (int i = 0; conn.readRequest() != null; i++) {
                conn.send(answers.get(Math.min(i, answers.size() - 1)));
            }
        }); var client = Wire.client()) {
            assertEquals("", Wire.fetch(client, server.uri("/")));
            assertEquals("ten", Wire.fetch(client, server.uri("/")));
            assertEquals("", Wire.fetch(client, server.uri("/")));
            assertEquals("last", Wire.fetch(client, server.uri("/")));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void aBodyNotYetReadToItsEndKeepsItsConnectionOutOfThePool() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("0123456789")));
             var client = Wire.client()) {
            Response first = client.send(Wire.get(server.uri("/")));
            assertEquals("01234", new String(first.body().readNBytes(5)));
            assertEquals(0, client.idleConnections(server.uri("/")));
            assertEquals("0123456789", Wire.fetch(client, server.uri("/")));
            assertEquals(2, server.accepted(), "the second exchange could not use the busy connection");
            assertEquals("56789", Wire.text(first));
            assertEquals(2, client.idleConnections(server.uri("/")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbody",
        "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nbody",
        "HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbody"})
    void doesNotReuseAConnectionTheServerSaidItWouldClose(String answer) throws Exception {
        try (var server = answerOnceThenWatch(answer); var client = Wire.client()) {
            assertEquals("body", Wire.fetch(client, server.uri("/")));
            assertTrue(clientClosed(1), "the client closes the connection once the body is read");
            assertEquals(0, client.idleConnections(server.uri("/")));
            assertEquals("body", Wire.fetch(client, server.uri("/")));
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void closingABodyBeforeItsEndClosesItsConnection() throws Exception {
        try (var server = answerOnceThenWatch("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals("01234", new String(r.body().readNBytes(5)));
            }
            assertTrue(clientClosed(1), "the server sees the connection end");
            assertEquals(0, client.idleConnections(server.uri("/")));
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(200, r.status());
            }
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void closingAChunkedBodyBeforeItsEndClosesItsConnection() throws Exception {
        try (var server = answerOnceThenWatch("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals("hello", new String(r.body().readNBytes(5)));
                // All its data read, but not the last chunk: the body has not ended.
            }
            assertTrue(clientClosed(1));
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void extraBytesAfterTheBodyMakeTheConnectionUnusable() throws Exception {
        try (var server = answerOnceThenWatch(ok("ok") + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale");
             var client = Wire.client()) {
            assertEquals("ok", Wire.fetch(client, server.uri("/")));
            assertTrue(clientClosed(1));
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void maxIdlePerRouteZeroNeverPools() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            for (Received r; (r = conn.readRequest()) != null; ) {
                conn.send(ok("n" + conn.index));
            }
            closed(conn.index).complete(true);
        }); var client = Http11Client.builder().proxies(null).maxIdlePerRoute(0).build()) {
            for (int i = 1; i <= 3; i++) {
                assertEquals("n" + i, Wire.fetch(client, server.uri("/")));
                assertEquals(0, client.idleConnections(server.uri("/")));
                assertTrue(clientClosed(i));
            }
            assertEquals(3, server.accepted());
        }
    }

    @Test
    void keepsAtMostMaxIdlePerRouteAndClosesTheRest() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            for (Received r; (r = conn.readRequest()) != null; ) {
                conn.send(ok("from " + conn.index));
            }
            closed(conn.index).complete(true);
        }); var client = Http11Client.builder().proxies(null).maxIdlePerRoute(1).build()) {
            Response a = client.send(Wire.get(server.uri("/")));
            Response b = client.send(Wire.get(server.uri("/")));
            assertEquals("from 1", Wire.text(a));
            assertEquals("from 2", Wire.text(b));
            assertEquals(1, client.idleConnections(server.uri("/")));
            assertTrue(clientClosed(2), "the one over the limit is closed");
            assertFalse(closed(1).isDone(), "the first back is kept");
            assertEquals("from 1", Wire.fetch(client, server.uri("/")));
        }
    }

    @Test
    void aConnectionIdleForLongerThanTheIdleTimeoutIsDiscarded() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            for (Received r; (r = conn.readRequest()) != null; ) {
                conn.send(ok("from " + conn.index));
            }
            closed(conn.index).complete(true);
        }); var client = Http11Client.builder().proxies(null).idleTimeout(Duration.ofMillis(100)).build()) {
            assertEquals("from 1", Wire.fetch(client, server.uri("/")));
            assertEquals("from 1", Wire.fetch(client, server.uri("/")), "reused while fresh");
            Thread.sleep(250);
            assertEquals("from 2", Wire.fetch(client, server.uri("/")));
            assertTrue(clientClosed(1), "the expired connection was closed, not left open");
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void closingTheClientClosesItsIdleConnections() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            while (conn.readRequest() != null) {
                conn.send(ok("x"));
            }
            closed(conn.index).complete(true);
        })) {
            var client = Wire.client();
            Response a = client.send(Wire.get(server.uri("/")));
            Response b = client.send(Wire.get(server.uri("/")));
            Wire.text(a);
            client.close();
            assertTrue(clientClosed(1));
            assertEquals(0, client.idleConnections(server.uri("/")));
            Wire.text(b);
            assertTrue(clientClosed(2), "an exchange that finishes after close closes its connection");
        }
    }

    @Test
    void aPooledConnectionTheServerClosedWhileIdleIsReplacedAndTheRequestSentAgain() throws Exception {
        CountDownLatch serverClosed = new CountDownLatch(1);
        try (var server = ScriptedServer.start(ScriptedServer.firstThenClose(serverClosed, r -> ok("again: " + r.bodyText()))); var client = Wire.client()) {
            assertEquals("first", Wire.fetch(client, server.uri("/")));
            assertEquals(1, client.idleConnections(server.uri("/")), "the connection was pooled");
            assertTrue(serverClosed.await(5, TimeUnit.SECONDS));
            try (Response r = client.send(Wire.post(server.uri("/second"), "payload"))) {
                assertEquals("again: payload", Wire.text(r));
            }
            assertEquals(2, server.accepted());
            assertEquals(List.of("/", "/second"), server.requests().stream().map(Received::target).toList());
        }
    }

    @Test
    void aPooledConnectionTheServerResetWhileIdleIsReplaced() throws Exception {
        CountDownLatch serverReset = new CountDownLatch(1);
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                conn.reset();
                serverReset.countDown();
            } else {
                keepAlive(r -> ok("second")).run(conn);
            }
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals("first", Wire.text(r));
            } catch (IOException resetOvertookTheBody) {
                org.junit.jupiter.api.Assumptions.abort("the reset overtook the answer: " + resetOvertookTheBody);
            }
            assertTrue(serverReset.await(5, TimeUnit.SECONDS));
            assertEquals("second", Wire.fetch(client, server.uri("/")));
            assertEquals(2, server.accepted());
        }
    }

    /**
     * Two pooled connections whose server reads the next request and closes without an answer: the
     * request is sent once more, on a new connection, not once on every pooled one.
     */
    @Test
    void aRequestFailedOnAStaleConnectionIsSentOnceMoreOnly() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index <= 2) {
                conn.readRequest();
                conn.send(ok("warm-up " + conn.index));
                conn.readRequest();
                conn.close();
            } else {
                keepAlive(r -> ok("fresh " + conn.index)).run(conn);
            }
        }); var client = Wire.client()) {
            Response a = client.send(Wire.get(server.uri("/warm")));
            Response b = client.send(Wire.get(server.uri("/warm")));
            Wire.text(a);
            Wire.text(b);
            assertEquals(2, client.idleConnections(server.uri("/")));
            try (Response r = client.send(Wire.post(server.uri("/charge"), "once"))) {
                assertEquals("fresh 3", Wire.text(r));
            }
            long sent = server.requests().stream().filter(r -> r.target().equals("/charge")).count();
            assertEquals(2, sent, "the first try and one more");
        }
    }

    @Test
    void aPooledConnectionOnWhichTheServerSpokeWhileIdleIsNotReused() throws Exception {
        CountDownLatch spoke = new CountDownLatch(1);
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                // A server timing out an idle keep-alive connection says so before it closes it.
                conn.send(answer(408, "Connection: close\r\n", ""));
                spoke.countDown();
                conn.readRequest();
                conn.send(ok("the 408's connection answered"));
            } else {
                keepAlive(r -> ok("fresh " + conn.index)).run(conn);
            }
        }); var client = Wire.client()) {
            assertEquals("first", Wire.text(client.send(Wire.get(server.uri("/a")))));
            spoke.await();
            Thread.sleep(50);
            try (Response r = client.send(Wire.get(server.uri("/b")))) {
                assertEquals(200, r.status());
                assertEquals("fresh 2", Wire.text(r));
            }
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void aNewConnectionThatFailsBeforeAnyAnswerIsNotRetried() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.close();
            } else {
                keepAlive(r -> ok("a retry would have got this")).run(conn);
            }
        }); var client = Wire.client()) {
            assertThrows(IOException.class, () -> client.send(Wire.get(server.uri("/"))));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void aReadTimeoutOnAPooledConnectionIsNotRetried() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                conn.readRequest();
                closed(1).complete(conn.awaitEof(Wire.PATIENT));
            } else {
                keepAlive(r -> ok("a retry would have got this")).run(conn);
            }
        }); var client = Wire.client()) {
            assertEquals("first", Wire.fetch(client, server.uri("/")));
            assertThrows(SocketTimeoutException.class, () -> client.send(Wire.get(server.uri("/"), Wire.SHORT)));
            assertTrue(clientClosed(1));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void aPooledConnectionThatFailsAfterPartOfTheAnswerIsNotRetried() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                conn.readRequest();
                conn.send("HTTP/1.1 200 OK\r\nContent-");
                conn.close();
            } else {
                keepAlive(r -> ok("a retry would have got this")).run(conn);
            }
        }); var client = Wire.client()) {
            assertEquals("first", Wire.fetch(client, server.uri("/")));
            assertThrows(EOFException.class, () -> client.send(Wire.get(server.uri("/"))));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void aProtocolErrorOnAPooledConnectionIsNotRetried() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                conn.readRequest();
                conn.send("SPDY/3 200 OK\r\n\r\n");
                conn.awaitEof(Wire.PATIENT);
            } else {
                keepAlive(r -> ok("a retry would have got this")).run(conn);
            }
        }); var client = Wire.client()) {
            assertEquals("first", Wire.fetch(client, server.uri("/")));
            IOException e = assertThrows(IOException.class, () -> client.send(Wire.get(server.uri("/"))));
            assertInstanceOf(ProtocolException.class, e);
            assertEquals(1, server.accepted());
        }
    }
}
