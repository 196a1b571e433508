package dev.consort.http;

import static dev.consort.http.ScriptedServer.keepAlive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One client shared by many virtual threads, and a close from another thread. */
class ConcurrencyTest {

    private static final int THREADS = 50;
    private static final int REQUESTS = 20;

    @Test
    void manyVirtualThreadsEachGetTheirOwnAnswerOnAtMostOneConnectionEach() throws Exception {
        // The answer echoes the request's id, in a chunked or a fixed-length body by turns.
        try (var server = ScriptedServer.start(keepAlive(r -> {
            String id = r.header("X-Id").orElseThrow();
            String body = "answer-" + id + "-" + r.bodyText();
            return id.hashCode() % 2 == 0 ? ScriptedServer.ok(body)
                    : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length())
                    + "\r\n" + body + "\r\n0\r\n\r\n";
        })); var client = Wire.client(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger correct = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < REQUESTS; i++) {
                        String id = thread + "." + i;
                        Request req = Request.post(server.uri("/echo"), Map.of("X-Id", id),
                                ("body" + id).getBytes(), Wire.PATIENT);
                        try (Response r = client.send(req)) {
                            assertEquals("answer-" + id + "-body" + id, Wire.text(r));
                        }
                        correct.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(THREADS * REQUESTS, correct.get());
            assertEquals(THREADS * REQUESTS, server.requests().size());
            assertTrue(server.accepted() <= THREADS, "connections: " + server.accepted());
            assertTrue(client.idleConnections(server.uri("/")) <= server.accepted());
        }
    }

    @Test
    void closingTheResponseFromAnotherThreadUnblocksItsReader() throws Exception {
        CompletableFuture<Boolean> serverSawClose = new CompletableFuture<>();
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            serverSawClose.complete(conn.awaitEof(Duration.ofSeconds(10)));
        }); var client = Wire.client()) {
            // A read time-out far longer than the test: only the close can end the read.
            Response r = client.send(Wire.get(server.uri("/"), Duration.ofSeconds(60)));
            InputStream in = r.body();
            assertEquals("some", new String(in.readNBytes(4)));
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    reading.countDown();
                    in.read();
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            reading.await();
            awaitBlocked(reader);
            r.close();
            Throwable t = failure.get(5, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, t, "the blocked read fails");
            assertFalse(t instanceof SocketTimeoutException, t.toString());
            assertTrue(serverSawClose.get(5, TimeUnit.SECONDS));
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void closingTheResponseFromAnotherThreadUnblocksAReaderWaitingForAChunk() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nsome\r\n");
            conn.awaitEof(Duration.ofSeconds(10));
        }); var client = Wire.client()) {
            Response r = client.send(Wire.get(server.uri("/"), Duration.ofSeconds(60)));
            assertEquals("some", new String(r.body().readNBytes(4)));
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = Wire.readInBackground(r, failure);
            awaitBlocked(reader);
            r.close();
            assertInstanceOf(IOException.class, failure.get(5, TimeUnit.SECONDS));
        }
    }

    /** Waits until the thread parks (in the socket read): a close before that would be no test of unblocking. */
    static void awaitBlocked(Thread t) throws InterruptedException {
        for (int i = 0; i < 500 && t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                && t.isAlive(); i++) {
            Thread.sleep(2);
        }
        Thread.sleep(20);
    }
}
