package dev.consort.bench.passthrough;

import dev.consort.http.Http11Client;
import dev.consort.http.Request;
import dev.consort.http.Response;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Helidon server forwarding with Consort's own HTTP/1.1 client (dev.consort.http), which the adapters use; the
 * body is read whole and sent with its length, as {@link RawPassThrough} does.
 */
public final class ConsortClientPassThrough {

    private ConsortClientPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI endpoint = URI.create(args[1] + "/chat/completions");
        Http11Client client = Http11Client.builder().build();
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    try (Response up = client.send(Request.post(endpoint, headers, body, Duration.ofSeconds(30)))) {
                        res.status(Status.create(up.status()));
                        res.header(HeaderNames.CONTENT_TYPE, up.header("content-type").orElse("application/json"));
                        res.send(up.body().readAllBytes());
                    }
                }))
                .build().start();
        System.out.println("consort client pass-through on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }
}
