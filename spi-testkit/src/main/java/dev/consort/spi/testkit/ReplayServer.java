package dev.consort.spi.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers each request with the next enqueued {@link Reply}: a
 * recorded provider response served byte for byte, possibly in pieces, slowly, or broken on purpose
 * (reset, cut short, stalled). Responses are written by hand so that every fault is exact. One virtual
 * thread per connection; every response closes its connection. Thread-safe.
 *
 * @since 1.0
 */
public final class ReplayServer implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final long RESET_GRACE_MILLIS = 200;

    private final ServerSocket socket;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    private final List<RecordedRequest> all = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ReplayServer() throws IOException {
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("replay-accept").start(this::accept);
    }

    /**
     * Starts a server on an ephemeral port of 127.0.0.1.
     *
     * @return the running server
     */
    public static ReplayServer start() {
        try {
            return new ReplayServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The base URL, without a trailing slash.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /**
     * Queues the answer to a future request (first in, first out). With nothing queued the server
     * answers 500 "no reply enqueued".
     *
     * @param reply the answer
     * @return this server
     */
    public ReplayServer enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    /**
     * The next request not yet taken, waiting up to 5 seconds.
     *
     * @return the request, or null when none came
     * @throws InterruptedException when interrupted while waiting
     */
    public RecordedRequest takeRequest() throws InterruptedException {
        return untaken.poll(5, TimeUnit.SECONDS);
    }

    /**
     * Every request received so far, in order.
     *
     * @return the requests
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(all);
    }

    /** Stops the server and drops every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread.ofVirtual().name("replay-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            RecordedRequest request = readRequest(in);
            if (request == null) {
                return;
            }
            all.add(request);
            untaken.add(request);
            Reply reply = replies.poll();
            if (reply == null) {
                reply = Reply.status(500).contentType("text/plain").body("no reply enqueued");
            }
            respond(s, reply);
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        } finally {
            open.remove(s);
        }
    }

    private void respond(Socket s, Reply r) throws IOException, InterruptedException {
        if (!r.firstByteDelay.isZero()) {
            Thread.sleep(r.firstByteDelay);
        }
        OutputStream out = s.getOutputStream();
        boolean chunked = r.chunked();
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status).append(' ').append(reason(r.status))
                .append("\r\n");
        r.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + r.knownLength + "\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        long limit = r.sendLimit();
        long sent = 0;
        Random random = r.seed == null ? null : new Random(r.seed);
        byte[] buffer = new byte[64 * 1024];
        boolean exhausted = false;
        try (InputStream body = r.body.get()) {
            while (sent < limit) {
                int want = r.pieceSize > 0 ? r.pieceSize : random != null ? 1 + random.nextInt(64) : buffer.length;
                want = (int) Math.min(want, limit - sent);
                int n = body.readNBytes(buffer, 0, want);
                if (n <= 0) {
                    exhausted = true;
                    break;
                }
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(buffer, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (!r.pieceDelay.isZero()) {
                        Thread.sleep(r.pieceDelay);
                    }
                } else {
                    out.write(buffer, 0, n);
                }
                sent += n;
            }
            if (!exhausted && limit != Long.MAX_VALUE && body.read() < 0) {
                exhausted = true;
            }
        }
        if (exhausted || limit == Long.MAX_VALUE) {
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return;
        }
        out.flush();
        if (r.resetAfter >= 0 && sent >= r.resetAfter) {
            // Let the client read what was sent first: a reset discards data still unread on its side,
            // and a test of "what arrived before the reset" must not depend on the race.
            Thread.sleep(RESET_GRACE_MILLIS);
            s.setSoLinger(true, 0);
            s.close();
        } else if (r.stallAfter >= 0 && sent >= r.stallAfter) {
            while (!closed && !s.isClosed() && s.getInputStream().read() >= 0) {
                // wait for the client to give up; it sends nothing more
            }
        }
        // truncateAfter: the socket closes cleanly with the body unfinished
    }

    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            throw new IOException("bad request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunkedBody(in);
        } else {
            List<String> cl = headers.get("content-length");
            body = cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl.get(0).trim()));
        }
        return new RecordedRequest(parts[0], parts[1], headers, body);
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("request body ended inside a chunk header");
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return out.toByteArray();
                    }
                }
            }
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return b.toString();
            }
            if (c != '\r') {
                if (b.length() >= MAX_HEADER_BYTES) {
                    throw new IOException("header line too long");
                }
                b.append((char) c);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
