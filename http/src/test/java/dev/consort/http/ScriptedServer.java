package dev.consort.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP/1.1 server on a loopback address for the client's tests, scripted per test: each accepted
 * connection runs the test's {@link Script} on its own virtual thread, which reads requests and writes
 * answers byte for byte, stalls, closes or resets as the test needs. The server counts the connections it
 * accepted and keeps every request it read.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    interface Script {
        void run(Conn conn) throws Exception;
    }

    /** A request as the server read it. */
    record Received(int connection, String requestLine, List<String> headerLines, byte[] body) {

        String method() {
            return requestLine.substring(0, requestLine.indexOf(' '));
        }

        String target() {
            return requestLine.substring(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' '));
        }

        /** The first value of a header, by a name in any case. */
        Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).strip());
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One accepted connection, as a script sees it. */
    final class Conn {
        final int index;
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads the next request (head, and a body by its Content-Length), or null at EOF before it. */
        Received readRequest() throws IOException {
            String requestLine = line();
            if (requestLine == null) {
                return null;
            }
            List<String> headerLines = new ArrayList<>();
            for (String l; !(l = line()).isEmpty(); ) {
                if (l.indexOf(':') <= 0) {
                    throw new IOException("bad header line from the client: '" + l + "'");
                }
                headerLines.add(l);
            }
            Received head = new Received(index, requestLine, List.copyOf(headerLines), new byte[0]);
            byte[] body = head.header("Content-Length").map(n -> {
                try {
                    return in.readNBytes(Integer.parseInt(n));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).orElse(new byte[0]);
            Received r = new Received(index, requestLine, head.headerLines(), body);
            requests.add(r);
            return r;
        }

        /** A line ended by CRLF (a bare LF from the client is an error: it must send CRLF); null at EOF. */
        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    if (s.isEmpty() || s.charAt(s.length() - 1) != '\r') {
                        throw new IOException("the client ended a line with a bare LF: '" + s + "'");
                    }
                    return s.substring(0, s.length() - 1);
                }
                s.append((char) b);
            }
            if (s.isEmpty()) {
                return null;
            }
            throw new IOException("the connection ended in the middle of a line: '" + s + "'");
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Closes the connection (a FIN, or a reset when unread bytes are left). */
        void close() throws IOException {
            socket.close();
        }

        /** Closes the connection with a TCP reset. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /**
         * Reads and drops whatever the client sends until it closes the connection.
         *
         * @return true when the client closed (or reset) it within the wait, false when it was still open
         */
        boolean awaitEof(Duration wait) throws IOException {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                while (in.read() >= 0) {
                    // drop it
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> requests = new ConcurrentLinkedQueue<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedServer(ServerSocket server, Script script) {
        this.server = server;
        this.script = script;
        this.acceptor = Thread.ofPlatform().daemon().name("scripted-server-" + server.getLocalPort())
                .start(this::acceptLoop);
    }

    /** A plain server on 127.0.0.1. */
    static ScriptedServer start(Script script) throws IOException {
        return start(InetAddress.getByName("127.0.0.1"), null, script);
    }

    /** A TLS server on 127.0.0.1. */
    static ScriptedServer startTls(SSLContext tls, Script script) throws IOException {
        return start(InetAddress.getByName("127.0.0.1"), tls, script);
    }

    static ScriptedServer start(InetAddress bind, SSLContext tls, Script script) throws IOException {
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        s.bind(new InetSocketAddress(bind, 0), 128);
        return new ScriptedServer(s, script);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            int index = accepted.incrementAndGet();
            Thread.ofVirtual().name("scripted-conn-" + index).start(() -> {
                try (s) {
                    script.run(new Conn(index, s));
                } catch (Throwable t) {
                    errors.add(t);
                }
            });
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** A URL of this server: {@code http(s)://127.0.0.1:port} + the path. */
    URI uri(String path) {
        String scheme = server instanceof javax.net.ssl.SSLServerSocket ? "https" : "http";
        String host = server.getInetAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create(scheme + "://" + host + ":" + port() + path);
    }

    /** How many connections the server accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** The requests read so far, in the order they came. */
    List<Received> requests() {
        return List.copyOf(requests);
    }

    /** What went wrong in scripts (for a failing test's message). */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- Scripts and answers used by many tests ----

    /** Answers each request on the connection with what the function says, until the client closes it. */
    static Script keepAlive(Function<Received, String> answer) {
        return conn -> {
            for (Received r; (r = conn.readRequest()) != null; ) {
                conn.send(answer.apply(r));
            }
        };
    }

    /** A 200 with a Content-Length body. */
    /**
     * The first connection answers one request with {@code ok("first")} and closes (then counts down
     * {@code closed}); every later one keeps alive and answers with {@code answer}.
     */
    static Script firstThenClose(java.util.concurrent.CountDownLatch closed, Function<Received, String> answer) {
        return conn -> {
            if (conn.index == 1) {
                conn.readRequest();
                conn.send(ok("first"));
                conn.close();
                closed.countDown();
            } else {
                keepAlive(answer).run(conn);
            }
        };
    }

    static String ok(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\n\r\n" + new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A response of a status with extra header lines (each with its CRLF) and a Content-Length body. */
    static String answer(int status, String headerLines, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " " + reason(status) + "\r\n" + headerLines + "Content-Length: " + b.length
                + "\r\n\r\n" + new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
