package dev.consort.bench.passthrough;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The one upstream call both pass-through servers make, so that only the server differs between them. */
final class Upstream {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final URI endpoint;

    /** The body answered instead when there is no upstream: the size of a short chat completion. */
    static final byte[] FIXED = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"You are a dog.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":13,\"total_tokens\":34}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The upstream at a base URL, or null for {@code fixed}: answer {@link #FIXED} without one. */
    static Upstream of(String baseUrl) {
        return baseUrl.equals("fixed") ? null : new Upstream(baseUrl);
    }

    Upstream(String baseUrl) {
        this.endpoint = URI.create(baseUrl + "/chat/completions");
    }

    /** Copies a body to the client as it arrives, flushing each piece; closes both. */
    static void relay(InputStream in, java.io.OutputStream out) throws IOException {
        try (in; out) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    HttpResponse<InputStream> post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }
}
