package dev.consort.bench.passthrough;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Experiment only: Helidon server forwarding over a pool of plain keep-alive sockets (content-length bodies). */
public final class RawPassThrough {

    record Conn(Socket s, BufferedInputStream in, OutputStream out) {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        java.net.URI base = java.net.URI.create(args[1] + "/chat/completions");
        ConcurrentLinkedQueue<Conn> pool = new ConcurrentLinkedQueue<>();
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    Conn c = pool.poll();
                    if (c == null) {
                        Socket s = new Socket();
                        s.setTcpNoDelay(true);
                        s.connect(new InetSocketAddress(base.getHost(), base.getPort()));
                        c = new Conn(s, new BufferedInputStream(s.getInputStream(), 16384), s.getOutputStream());
                    }
                    String head = "POST " + base.getPath() + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
                    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                    byte[] all = new byte[h.length + body.length];
                    System.arraycopy(h, 0, all, 0, h.length);
                    System.arraycopy(body, 0, all, h.length, body.length);
                    c.out().write(all);
                    c.out().flush();
                    int len = -1;
                    String ct = "application/json";
                    String status = line(c.in());
                    for (String l; !(l = line(c.in())).isEmpty(); ) {
                        int i = l.indexOf(':');
                        String n = l.substring(0, i).trim().toLowerCase();
                        if (n.equals("content-length")) len = Integer.parseInt(l.substring(i + 1).trim());
                        if (n.equals("content-type")) ct = l.substring(i + 1).trim();
                    }
                    byte[] out = c.in().readNBytes(len);
                    pool.add(c);
                    res.header(HeaderNames.CONTENT_TYPE, ct);
                    res.send(out);
                }))
                .build().start();
        System.out.println("raw pass-through on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
