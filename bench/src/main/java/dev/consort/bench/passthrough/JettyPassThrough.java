package dev.consort.bench.passthrough;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A minimal pass-through on Jetty 12 (core handlers, blocking code on virtual threads). */
public final class JettyPassThrough {

    private JettyPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Upstream upstream = Upstream.of(args[1]);
        QueuedThreadPool pool = new QueuedThreadPool();
        if (!Boolean.getBoolean("platform")) {
            pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        }
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Boolean.getBoolean("skipread") ? new byte[0] : Content.Source.asInputStream(request).readAllBytes();
                if (upstream == null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Upstream.FIXED.length);
                    response.write(true, java.nio.ByteBuffer.wrap(Upstream.FIXED), callback);
                    return true;
                }
                HttpResponse<InputStream> up = upstream.post(body);
                response.setStatus(up.statusCode());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE,
                        up.headers().firstValue("content-type").orElse("application/json"));
                try (InputStream in = up.body(); OutputStream out = Content.Sink.asOutputStream(response)) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                callback.succeeded();
                return true;
            }
        });
        server.start();
        System.out.println("jetty pass-through on 127.0.0.1:" + port);
        server.join();
    }
}
