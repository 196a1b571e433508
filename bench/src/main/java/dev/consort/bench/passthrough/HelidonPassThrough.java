package dev.consort.bench.passthrough;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** A minimal pass-through on Helidon SE 4 WebServer (blocking handlers, one virtual thread per request). */
public final class HelidonPassThrough {

    private HelidonPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Upstream upstream = Upstream.of(args[1]);
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    if (upstream == null) {
                        res.header(HeaderNames.CONTENT_TYPE, "application/json");
                        res.send(Upstream.FIXED);
                        return;
                    }
                    HttpResponse<InputStream> up = upstream.post(body);
                    res.status(Status.create(up.statusCode()));
                    res.header(HeaderNames.CONTENT_TYPE, up.headers().firstValue("content-type").orElse("application/json"));
                    Upstream.relay(up.body(), res.outputStream());
                }))
                .build().start();
        System.out.println("helidon pass-through on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }
}
