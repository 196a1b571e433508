package dev.consort.backend.fast;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A streaming server on 127.0.0.1 whose body goes out when the test says: the status line, headers and
 * first piece in one write, then each further piece as one chunk in one write when the test sends it.
 * So a test knows what the client can have buffered, and what it cannot have yet. Each exchange answers
 * one request; enqueue it before the request. Thread-safe.
 */
final class GatedServer implements AutoCloseable {

    private static final byte[] END = new byte[0];

    /** One response: pieces of a chunked {@code text/event-stream} body, sent as the test gives them. */
    static final class Exchange {
        private final BlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();

        /** Sends a piece (one chunk, one write). */
        Exchange send(byte[] piece) {
            if (piece.length > 0) {
                pieces.add(piece.clone());
            }
            return this;
        }

        Exchange send(String text) {
            return send(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Ends the body (the last chunk), and closes the connection. */
        Exchange end() {
            pieces.add(END);
            return this;
        }
    }

    private final ServerSocket socket;
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private GatedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofVirtual().name("gated-accept").start(this::accept));
    }

    static GatedServer start() {
        try {
            return new GatedServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** The answer to the next request; its pieces may be given before or after the request comes. */
    Exchange enqueue() {
        Exchange e = new Exchange();
        exchanges.add(e);
        return e;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(GatedServer::closeQuietly);
        threads.forEach(Thread::interrupt);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                open.add(s);
                threads.add(Thread.ofVirtual().name("gated-conn").start(() -> serve(s)));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            readRequest(new BufferedInputStream(s.getInputStream()));
            Exchange exchange = exchanges.take();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            while (true) {
                byte[] piece = exchange.pieces.take();
                chunk(first, piece);
                out.write(first.toByteArray());
                out.flush();
                first.reset();
                if (piece == END) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        } finally {
            open.remove(s);
        }
    }

    private static void chunk(ByteArrayOutputStream out, byte[] piece) {
        if (piece == END) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        out.writeBytes((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(piece);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void readRequest(InputStream in) throws IOException {
        long length = 0;
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            }
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")) {
                throw new IOException("this test server takes only requests with a Content-Length");
            }
        }
        in.readNBytes((int) length);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the request ended in its head");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
