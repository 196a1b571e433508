package dev.consort.gateway;

import dev.consort.core.api.Consort;
import dev.consort.spi.backend.LLMBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A Consort with the given configuration and backends, served by a gateway on a free port of 127.0.0.1. */
final class Served implements AutoCloseable {

    final Consort consort;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param gatewayKeys more keys of the gateway section, each line indented by two spaces
     */
    Served(Path dir, String gatewayKeys, LLMBackend... backends) throws IOException {
        this(dir, "", gatewayKeys, backends);
    }

    /**
     * @param topLevel    configuration before the gateway section (backends, routing...)
     * @param gatewayKeys more keys of the gateway section, each line indented by two spaces
     */
    Served(Path dir, String topLevel, String gatewayKeys, LLMBackend... backends) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(work.resolve("consort.yaml"), topLevel + "\ngateway:\n  port: 0\n" + gatewayKeys);
        Consort.Builder b = Consort.builder().workingDir(work).home(home)
                .environment(Map.of("XDG_DATA_HOME", dir.resolve("data").toString(),
                        "XDG_CACHE_HOME", dir.resolve("cache").toString()))
                .sleeper(d -> { });
        for (LLMBackend backend : backends) {
            b.backend(backend);
        }
        this.consort = b.build();
        this.gateway = Gateway.start(consort, consort.gateway());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
        consort.close();
    }
}
