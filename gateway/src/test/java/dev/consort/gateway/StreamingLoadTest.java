package dev.consort.gateway;

import static dev.consort.gateway.ChatCompletionsTest.events;
import static dev.consort.gateway.ChatCompletionsTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many streams at once, and a client that goes away mid-stream. */
class StreamingLoadTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredConcurrentStreamingClientsAllComplete() throws Exception {
        try (Served s = new Served(dir, "", FakeBackend.answering("fast", "one ", "two ", "three"));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                HttpRequest r = HttpRequest.newBuilder(s.uri("/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(request("fast", true, ""))).build();
                all.add(pool.submit(() -> s.http.send(r, HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                List<String> events = events(r.body());
                assertEquals("[DONE]", events.get(events.size() - 1));
                assertEquals(5, events.size(), r.body());
            }
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamClosesTheBackendStream() throws Exception {
        FakeBackend endless = new FakeBackend("endless", FakeBackend.Mode.ENDLESS);
        try (Served s = new Served(dir, "", endless)) {
            byte[] body = request("endless", true, "").getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", s.gateway.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                InputStream in = socket.getInputStream();
                String seen = "";
                byte[] buffer = new byte[4096];
                while (!seen.contains("tick")) {
                    int n = in.read(buffer);
                    assertTrue(n > 0, "the stream ended before its first chunk: " + seen);
                    seen += new String(buffer, 0, n, StandardCharsets.UTF_8);
                }
                assertTrue(seen.startsWith("HTTP/1.1 200"), seen);
            }
            // The backend streams without end: only the gateway closing its stream lets this return.
            assertTrue(endless.streamClosed.await(60, TimeUnit.SECONDS), "the backend stream was never closed");
        }
    }
}
