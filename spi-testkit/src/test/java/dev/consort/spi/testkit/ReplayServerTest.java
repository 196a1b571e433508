package dev.consort.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<byte[]> post(ReplayServer s, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Test", "yes").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesTheBodyByteForByteAndRecordsTheRequest() throws Exception {
        byte[] body = "data: {\"a\":1}\r\n\r\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.ok().contentType("text/event-stream").body(body));
            HttpResponse<byte[]> r = post(s, "/v1/chat?x=1", "{\"q\":true}");
            assertEquals(200, r.statusCode());
            assertArrayEquals(body, r.body());
            RecordedRequest req = s.takeRequest();
            assertEquals("POST", req.method());
            assertEquals("/v1/chat?x=1", req.path());
            assertEquals("{\"q\":true}", req.bodyText());
            assertEquals("yes", req.header("x-test"));
        }
    }

    @Test
    void recordedRepliesTakeTheirStatusFromTheSiblingFile() throws Exception {
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.recorded(ReplayServerTest.class, "/wire/sample-error.json"));
            HttpResponse<byte[]> r = post(s, "/", "");
            assertEquals(429, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        }
    }

    @Test
    void splitBodiesArriveWhole() throws Exception {
        byte[] body = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.ok().body(body).splitRandomly(7));
            s.enqueue(Reply.ok().body(body).splitEvery(1));
            assertArrayEquals(body, post(s, "/", "").body());
            assertArrayEquals(body, post(s, "/", "").body());
        }
    }

    @Test
    void aTruncatedOrResetBodyIsAnIncompleteStreamForTheClient() throws Exception {
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.ok().body("0123456789").truncateAfter(4));
            s.enqueue(Reply.ok().body("0123456789").resetAfter(4));
            assertThrows(IOException.class, () -> post(s, "/", ""));
            assertThrows(IOException.class, () -> post(s, "/", ""));
        }
    }

    @Test
    void aStalledBodyLeavesTheClientWaiting() throws Exception {
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.ok().body("0123456789").stallAfter(3));
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                assertEquals('0', in.read());
                assertEquals('1', in.read());
                assertEquals('2', in.read());
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        in.read();
                    } catch (IOException ignored) {
                        // closed below
                    }
                });
                reader.join(300);
                assertTrue(reader.isAlive(), "the fourth byte should never come");
            }
        }
    }

    @Test
    void aDelayedFirstByteTripsTheClientsTimeOut() {
        try (ReplayServer s = ReplayServer.start()) {
            s.enqueue(Reply.ok().body("late").delayFirstByte(Duration.ofSeconds(2)));
            assertThrows(HttpTimeoutException.class, () -> http.send(HttpRequest.newBuilder(URI.create(s.baseUrl()))
                    .timeout(Duration.ofMillis(200)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void withNothingEnqueuedTheServerAnswers500() throws Exception {
        try (ReplayServer s = ReplayServer.start()) {
            HttpResponse<byte[]> r = post(s, "/", "");
            assertEquals(500, r.statusCode());
            assertEquals("no reply enqueued", new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
