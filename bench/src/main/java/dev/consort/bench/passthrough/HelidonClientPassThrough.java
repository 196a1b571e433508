package dev.consort.bench.passthrough;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

/** Helidon server forwarding with Helidon's own HTTP/1.1 client: the ceiling without java.net.http. */
public final class HelidonClientPassThrough {

    private HelidonClientPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Http1Client client = Http1Client.builder().baseUri(args[1] + "/chat/completions")
                .shareConnectionCache(false).sendExpectContinue(false)
                .build();
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    try (Http1ClientResponse up = client.post().header(HeaderNames.CONTENT_TYPE, "application/json")
                            .submit(body)) {
                        res.status(Status.create(up.status().code()));
                        res.header(HeaderNames.CONTENT_TYPE, up.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json"));
                        Upstream.relay(up.inputStream(), res.outputStream());
                    }
                }))
                .build().start();
        System.out.println("helidon client pass-through on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }
}
