package dev.consort.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A lean HTTP/1.1 client for blocking calls on virtual threads: one exchange a call, on a keep-alive
 * connection taken from a pool per route. What the JDK's {@code java.net.http.HttpClient} spends on its
 * asynchronous machinery per call (selector thread hand-offs, futures, a watchdog for read time-outs) is
 * the ceiling of a gateway that forwards thousands of calls a second; this client does one {@code write}
 * and reads with the socket's own time-out on the calling thread.
 *
 * <p>What it does: {@code http} and {@code https} (the JDK's TLS, host names verified); HTTP proxies from
 * the {@link ProxySelector} (the {@code http.proxyHost}/{@code https.proxyHost} system properties by
 * default), {@code CONNECT} tunnels for {@code https}; bodies framed by {@code Content-Length}, chunked,
 * or ended by the server's close; interim {@code 1xx} responses skipped. A pooled connection that the
 * server closed while idle is noticed when the next exchange on it fails before any byte of a response,
 * and that exchange is sent once more on a new connection. What it does not: HTTP/2, redirects (a 3xx
 * is returned as it is), compression, cookies, authentication challenges.
 *
 * <p>Thread-safe: share one client per backend. Close it to close the idle connections.
 *
 * @since 0.1
 */
public final class Http11Client implements AutoCloseable {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_INTERIM = 16;

    private final Duration connectTimeout;
    private final ConnectionPool pool;
    private final SSLContext tls;
    private final ProxySelector proxies;
    private final String userAgent;

    private Http11Client(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.pool = new ConnectionPool(b.idleTimeout.toNanos(), b.maxIdlePerRoute);
        this.tls = b.tls;
        this.proxies = b.proxies;
        this.userAgent = b.userAgent;
    }

    /**
     * A builder with the defaults: connect time-out 10 s, idle connections kept 55 s (under the 60 s most
     * load balancers allow), at most 256 idle a route, the JDK's default TLS context and proxy selector.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a request and reads the response's head.
     *
     * @param request the request; not null
     * @return the response, whose body the caller reads to its end or closes
     * @throws ConnectTimeoutException when no connection could be made within the connect time-out
     * @throws SocketTimeoutException  when the head did not come within the read time-out
     * @throws ProtocolException       when the response is not well-formed HTTP/1.1
     * @throws IOException             when the exchange failed otherwise (refused, reset, closed)
     */
    public Response send(Request request) throws IOException {
        Objects.requireNonNull(request, "request is null");
        Route route = Route.of(request.uri(), proxy(request.uri()));
        byte[] head = head(request, route);
        int readMillis = (int) Math.clamp(request.readTimeout().toMillis(), 1, Integer.MAX_VALUE);
        boolean retried = false;
        while (true) {
            // The one retry goes on a new connection: other pooled ones may be as stale as the last.
            Connection c = retried ? null : pool.take(route, System.nanoTime());
            boolean pooled = c != null;
            if (c == null) {
                c = connect(route);
            }
            try {
                c.readTimeout(readMillis);
                c.exchangeStarted();
                c.write(head, request.body());
                return response(c, request);
            } catch (IOException | RuntimeException e) {
                c.close();
                if (pooled && stale(e, c)) {
                    // The server closed it while it sat idle, so it never answered this request: try a new one.
                    retried = true;
                    continue;
                }
                throw e;
            }
        }
    }

    /** Whether an exchange on a pooled connection failed as one the server had closed does. */
    private static boolean stale(Exception e, Connection c) {
        return e instanceof IOException && !(e instanceof InterruptedIOException) && !(e instanceof ProtocolException)
                && c.received() == 0 && !Thread.currentThread().isInterrupted();
    }

    private Proxy proxy(URI uri) {
        if (proxies == null) {
            return Proxy.NO_PROXY;
        }
        List<Proxy> list = proxies.select(uri);
        return list == null ? Proxy.NO_PROXY : list.stream().filter(p -> p.type() == Proxy.Type.HTTP).findFirst()
                .orElse(Proxy.NO_PROXY);
    }

    private byte[] head(Request r, Route route) {
        URI u = r.uri();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) {
            path = path + "?" + u.getRawQuery();
        }
        StringBuilder h = new StringBuilder(256);
        h.append(r.method()).append(' ');
        if (route.proxied() && !route.tls()) {
            h.append("http://").append(route.hostHeader());
        }
        h.append(path).append(" HTTP/1.1\r\n");
        boolean agent = false;
        boolean host = false;
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            String name = e.getKey();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("connection")) {
                continue;
            }
            agent |= name.equalsIgnoreCase("user-agent");
            host |= name.equalsIgnoreCase("host");
            h.append(name).append(": ").append(e.getValue()).append("\r\n");
        }
        if (!host) {
            h.append("Host: ").append(route.hostHeader()).append("\r\n");
        }
        if (!agent) {
            h.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        if (r.body().length > 0 || !r.method().equals("GET") && !r.method().equals("HEAD")) {
            h.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        h.append("\r\n");
        return h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Response response(Connection c, Request request) throws IOException {
        for (int interim = 0; ; interim++) {
            String status = c.readLine(MAX_LINE);
            int code = statusCode(status);
            Map<String, List<String>> headers = headers(c);
            if (code >= 100 && code < 200 && code != 101) {
                if (interim >= MAX_INTERIM) {
                    throw new ProtocolException("more than " + MAX_INTERIM + " interim responses");
                }
                continue;
            }
            boolean http10 = status.startsWith("HTTP/1.0");
            return new Response(code, headers, body(c, request, code, headers, http10));
        }
    }

    private static int statusCode(String line) throws ProtocolException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: '" + abbreviate(line) + "'");
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char d = line.charAt(i);
            if (d < '0' || d > '9') {
                throw new ProtocolException("not an HTTP/1.x status line: '" + abbreviate(line) + "'");
            }
            code = code * 10 + (d - '0');
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: '" + abbreviate(line) + "'");
        }
        return code;
    }

    private static Map<String, List<String>> headers(Connection c) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int total = 0;
        String last = null;
        for (String line; !(line = c.readLine(MAX_LINE)).isEmpty(); ) {
            total += line.length() + 2;
            if (total > MAX_HEAD) {
                throw new ProtocolException("the response head is larger than " + MAX_HEAD + " bytes");
            }
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && last != null) {
                // An obsolete folded line continues the previous header's value.
                List<String> values = headers.get(last);
                values.set(values.size() - 1, values.getLast() + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("bad header line in the response: '" + abbreviate(line) + "'");
            }
            last = line.substring(0, colon).strip();
            headers.computeIfAbsent(last, k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(headers);
    }

    private ResponseBody body(Connection c, Request request, int code, Map<String, List<String>> headers,
                              boolean http10) throws IOException {
        boolean keepAlive = keepAlive(headers, http10);
        if (request.method().equals("HEAD") || code == 204 || code == 304) {
            return new FixedLengthBody(c, pool, keepAlive, 0);
        }
        List<String> te = headers.get("transfer-encoding");
        if (te != null) {
            String last = te.getLast().toLowerCase(Locale.ROOT);
            boolean chunked = last.equals("chunked") || last.endsWith(",chunked") || last.endsWith(", chunked");
            return chunked ? new ChunkedBody(c, pool, keepAlive) : new UntilCloseBody(c, pool);
        }
        List<String> cl = headers.get("content-length");
        if (cl != null) {
            long length = contentLength(cl);
            return new FixedLengthBody(c, pool, keepAlive, length);
        }
        return new UntilCloseBody(c, pool);
    }

    private static boolean keepAlive(Map<String, List<String>> headers, boolean http10) {
        List<String> connection = headers.get("connection");
        boolean close = false;
        boolean keep = false;
        if (connection != null) {
            for (String v : connection) {
                for (String token : v.split(",")) {
                    close |= token.strip().equalsIgnoreCase("close");
                    keep |= token.strip().equalsIgnoreCase("keep-alive");
                }
            }
        }
        return !close && (!http10 || keep);
    }

    private static long contentLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",")) {
                long n;
                try {
                    n = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad Content-Length in the response: '" + v + "'");
                }
                if (n < 0 || length >= 0 && n != length) {
                    throw new ProtocolException("bad Content-Length in the response: '" + String.join(", ", values) + "'");
                }
                length = n;
            }
        }
        return length;
    }

    private Connection connect(Route route) throws IOException {
        InetSocketAddress address = route.dialled();
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException("cannot resolve " + address.getHostString());
        }
        Socket socket = new Socket(Proxy.NO_PROXY);
        Socket plain = socket;
        int timeout = (int) Math.clamp(connectTimeout.toMillis(), 1, Integer.MAX_VALUE);
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, timeout);
            if (route.proxied() && route.tls()) {
                tunnel(socket, route, timeout);
            }
            if (route.tls()) {
                socket = handshake(socket, route, timeout);
            }
            return new Connection(socket, plain, route);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw (ConnectTimeoutException) new ConnectTimeoutException("could not connect to " + route + " within "
                    + connectTimeout.toMillis() + " ms").initCause(e);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks an HTTP proxy for a tunnel to the origin ({@code CONNECT host:port}). */
    private static void tunnel(Socket socket, Route route, int timeout) throws IOException {
        socket.setSoTimeout(timeout);
        // URI.getHost() gives an IPv6 literal in its brackets already.
        String authority = route.host().indexOf(':') >= 0 && !route.host().startsWith("[")
                ? "[" + route.host() + "]:" + route.port()
                : route.host() + ":" + route.port();
        socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        // Read the proxy's head a byte at a time: nothing past it may be consumed, it belongs to TLS.
        var in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the proxy " + route.proxy().address() + " closed the connection");
            }
            head.append((char) b);
            if (head.length() > MAX_HEAD) {
                throw new ProtocolException("the proxy's answer to CONNECT is larger than " + MAX_HEAD + " bytes");
            }
        }
        String status = head.substring(0, head.indexOf("\r\n"));
        if (statusCode(status) / 100 != 2) {
            throw new ProtocolException("the proxy " + route.proxy().address() + " refused the tunnel to " + authority
                    + ": " + status);
        }
    }

    private Socket handshake(Socket plain, Route route, int timeout) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, route.host(), route.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(timeout);
        ssl.startHandshake();
        return ssl;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "...";
    }

    /** How many idle connections wait for the origin of a URL (for tests and diagnostics). */
    int idleConnections(URI uri) {
        return pool.idleCount(Route.of(uri, proxy(uri)));
    }

    /** Closes the idle connections; exchanges in progress finish, then close theirs. */
    @Override
    public void close() {
        pool.close();
    }

    /** Settings of a new client. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(55);
        private int maxIdlePerRoute = 256;
        private SSLContext tls;
        private ProxySelector proxies = ProxySelector.getDefault();
        private String userAgent = "consort";

        private Builder() {
        }

        /**
         * How long making a connection (with its proxy tunnel and TLS handshake) may take.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long an idle connection is kept for reuse.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How many idle connections are kept per route; 0 keeps none (a connection a call).
         *
         * @param max zero or more
         * @return this builder
         */
        public Builder maxIdlePerRoute(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxIdlePerRoute must be zero or more, got " + max);
            }
            this.maxIdlePerRoute = max;
            return this;
        }

        /**
         * The TLS context for {@code https}.
         *
         * @param context not null; default: {@link SSLContext#getDefault()}
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context is null");
            return this;
        }

        /**
         * Where proxies come from.
         *
         * @param selector the selector, or null for no proxy; default: {@link ProxySelector#getDefault()}
         * @return this builder
         */
        public Builder proxies(ProxySelector selector) {
            this.proxies = selector;
            return this;
        }

        /**
         * The {@code User-Agent} sent when a request names none.
         *
         * @param agent not blank
         * @return this builder
         */
        public Builder userAgent(String agent) {
            if (agent == null || agent.isBlank()) {
                throw new IllegalArgumentException("userAgent is blank");
            }
            this.userAgent = agent;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public Http11Client build() {
            if (tls == null) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this Java has no default TLS context", e);
                }
            }
            return new Http11Client(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
