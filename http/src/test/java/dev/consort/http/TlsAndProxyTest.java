package dev.consort.http;

import static dev.consort.http.ScriptedServer.keepAlive;
import static dev.consort.http.ScriptedServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.http.ScriptedServer.Received;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https against a local TLS server with a self-signed certificate for {@code localhost} (made by the
 * JDK's keytool at test time), and HTTP proxies: absolute-form requests and CONNECT tunnels.
 */
class TlsAndProxyTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static SSLContext clientTls;

    @BeforeAll
    static void certificate() throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "t", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hangs");
        assertEquals(0, p.exitValue(), out);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("t", store.getCertificate("t"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
    }

    private static URI localhost(ScriptedServer server, String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    private static Http11Client tlsClient(ProxySelector proxies) {
        return Http11Client.builder().tls(clientTls).proxies(proxies).build();
    }

    /** A selector that gives every URL the same proxy, and notes which URLs it was asked about. */
    private static final class OneProxy extends ProxySelector {
        final List<URI> asked = new CopyOnWriteArrayList<>();
        final Function<URI, List<Proxy>> answer;

        OneProxy(Function<URI, List<Proxy>> answer) {
            this.answer = answer;
        }

        static OneProxy http(int port) {
            return new OneProxy(u -> List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port))));
        }

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return answer.apply(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    /**
     * A proxy for CONNECT only: it tunnels to a port on 127.0.0.1 (refusing any other host, so no test
     * traffic leaves the loopback) and relays bytes both ways; {@code refusal} answers instead when given.
     */
    private static ScriptedServer tunnellingProxy(List<Received> connects, String refusal) throws IOException {
        return ScriptedServer.start(conn -> {
            Received r = conn.readRequest();
            connects.add(r);
            if (refusal != null) {
                conn.send(refusal);
                conn.awaitEof(Wire.PATIENT);
                return;
            }
            String target = r.target();
            String host = target.substring(0, target.lastIndexOf(':'));
            int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            if (!r.method().equals("CONNECT") || !(host.equals("localhost") || host.equals("127.0.0.1"))) {
                conn.send("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                conn.send("HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\n");
                Thread up = Thread.ofVirtual().start(() -> {
                    try {
                        conn.in.transferTo(upstream.getOutputStream());
                        upstream.shutdownOutput();
                    } catch (IOException ignored) {
                        // one side went away: the other copy ends too
                    }
                });
                try {
                    upstream.getInputStream().transferTo(conn.out);
                } catch (IOException ignored) {
                    // as above
                }
                conn.close();
                up.join();
            }
        });
    }

    @Test
    void anHttpsRequestToATrustedCertificateWorksAndItsConnectionIsReused() throws Exception {
        try (var server = ScriptedServer.startTls(serverTls, keepAlive(r -> ok("secret " + r.target())));
             var client = tlsClient(null)) {
            assertEquals("secret /a?x=1", Wire.fetch(client, localhost(server, "/a?x=1")));
            assertEquals("secret /b", Wire.fetch(client, localhost(server, "/b")));
            assertEquals(1, server.accepted());
            Received got = server.requests().getFirst();
            assertEquals("GET /a?x=1 HTTP/1.1", got.requestLine());
            assertEquals(List.of("localhost:" + server.port()), got.headers("Host"));
        }
    }

    @Test
    void aPooledTlsConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        java.util.concurrent.CountDownLatch serverClosed = new java.util.concurrent.CountDownLatch(1);
        try (var server = ScriptedServer.startTls(serverTls, ScriptedServer.firstThenClose(serverClosed, r -> ok("second " + r.bodyText()))); var client = tlsClient(null)) {
            assertEquals("first", Wire.fetch(client, localhost(server, "/")));
            assertEquals(1, client.idleConnections(localhost(server, "/")));
            assertTrue(serverClosed.await(5, TimeUnit.SECONDS));
            assertEquals("second again", Wire.text(client.send(Wire.post(localhost(server, "/"), "again"))));
            assertEquals(2, server.accepted());
        }
    }

    @Test
    void anHttpsUrlNamingWhatTheCertificateDoesNotCoverFails() throws Exception {
        try (var server = ScriptedServer.startTls(serverTls, keepAlive(r -> ok("must not be read")));
             var client = tlsClient(null)) {
            URI byIp = URI.create("https://127.0.0.1:" + server.port() + "/");
            assertThrows(SSLException.class, () -> client.send(Wire.get(byIp)));
            assertEquals(List.of(), server.requests());
        }
    }

    @Test
    void anHttpsServerWhoseCertificateIsNotTrustedFails() throws Exception {
        try (var server = ScriptedServer.startTls(serverTls, keepAlive(r -> ok("must not be read")));
             var client = Http11Client.builder().proxies(null).build()) {
            assertThrows(SSLException.class, () -> client.send(Wire.get(localhost(server, "/"))));
            assertEquals(List.of(), server.requests());
        }
    }

    @Test
    void closingAnHttpsResponseFromAnotherThreadUnblocksItsReader() throws Exception {
        try (var server = ScriptedServer.startTls(serverTls, conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            conn.awaitEof(Duration.ofSeconds(10));
        }); var client = tlsClient(null)) {
            Response r = client.send(Wire.get(localhost(server, "/"), Duration.ofSeconds(60)));
            assertEquals("some", new String(r.body().readNBytes(4)));
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = Wire.readInBackground(r, failure);
            ConcurrencyTest.awaitBlocked(reader);
            CompletableFuture.runAsync(r::close).get(5, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, failure.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void anHttpsServerThatStallsInTheMiddleOfABodyIsAReadTimeoutAndTheConnectionIsClosed() throws Exception {
        CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (var server = ScriptedServer.startTls(serverTls, conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            clientClosed.complete(conn.awaitEof(Wire.PATIENT));
        }); var client = tlsClient(null)) {
            try (Response r = client.send(Wire.get(localhost(server, "/"), Wire.SHORT))) {
                assertEquals("some", new String(r.body().readNBytes(4)));
                var e = assertThrows(java.net.SocketTimeoutException.class, () -> r.body().read());
                assertEquals("Read timed out after 200 ms", e.getMessage());
            }
            assertTrue(clientClosed.get(5, TimeUnit.SECONDS), "the server saw the connection end");
            assertEquals(0, client.idleConnections(localhost(server, "/")));
        }
    }

    @Test
    void aPlainRequestGoesToTheProxyInAbsoluteForm() throws Exception {
        try (var origin = ScriptedServer.start(keepAlive(r -> ok("the origin must not be dialled")));
             var proxy = ScriptedServer.start(keepAlive(r -> ok("proxied " + r.bodyText())))) {
            OneProxy selector = OneProxy.http(proxy.port());
            try (var client = Http11Client.builder().proxies(selector).build()) {
                URI uri = origin.uri("/v1/x?k=v");
                try (Response r = client.send(Wire.post(uri, "b1"))) {
                    assertEquals("proxied b1", Wire.text(r));
                }
                assertEquals("proxied b2", Wire.text(client.send(Wire.post(uri, "b2"))));
                Received got = proxy.requests().getFirst();
                assertEquals("POST http://127.0.0.1:" + origin.port() + "/v1/x?k=v HTTP/1.1", got.requestLine());
                assertEquals(List.of("127.0.0.1:" + origin.port()), got.headers("Host"));
                assertEquals(List.of("2"), got.headers("Content-Length"));
                assertEquals(1, proxy.accepted(), "the proxy connection is kept alive");
                assertEquals(0, origin.accepted());
                assertEquals(uri, selector.asked.getFirst());
            }
        }
    }

    @Test
    void anIpv6OriginIsBracketedInTheAbsoluteFormAndTheConnectAuthority() throws Exception {
        List<Received> connects = new CopyOnWriteArrayList<>();
        try (var plainProxy = ScriptedServer.start(keepAlive(r -> ok("ok")));
             var tunnelProxy = tunnellingProxy(connects, "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")) {
            try (var client = Http11Client.builder().proxies(OneProxy.http(plainProxy.port())).build()) {
                assertEquals("ok", Wire.fetch(client, URI.create("http://[::1]:8080/six")));
                Received got = plainProxy.requests().getFirst();
                assertEquals("GET http://[::1]:8080/six HTTP/1.1", got.requestLine());
                assertEquals(List.of("[::1]:8080"), got.headers("Host"));
            }
            try (var client = Http11Client.builder().proxies(OneProxy.http(tunnelProxy.port())).build()) {
                assertThrows(ProtocolException.class, () -> client.send(Wire.get(URI.create("https://[::1]:8443/"))));
                assertEquals("CONNECT [::1]:8443 HTTP/1.1", connects.getFirst().requestLine());
                assertEquals(List.of("[::1]:8443"), connects.getFirst().headers("Host"));
            }
        }
    }

    @Test
    void anHttpsRequestThroughAProxyGoesThroughAConnectTunnel() throws Exception {
        List<Received> connects = new CopyOnWriteArrayList<>();
        try (var server = ScriptedServer.startTls(serverTls, keepAlive(r -> ok("tunnelled " + r.target())));
             var proxy = tunnellingProxy(connects, null);
             var client = tlsClient(OneProxy.http(proxy.port()))) {
            assertEquals("tunnelled /t1", Wire.fetch(client, localhost(server, "/t1")));
            assertEquals("tunnelled /t2", Wire.fetch(client, localhost(server, "/t2")));
            assertEquals(1, connects.size(), "the tunnel is kept alive: " + connects);
            assertEquals("CONNECT localhost:" + server.port() + " HTTP/1.1", connects.getFirst().requestLine());
            assertEquals(List.of("localhost:" + server.port()), connects.getFirst().headers("Host"));
            Received inside = server.requests().getFirst();
            assertEquals("GET /t1 HTTP/1.1", inside.requestLine(), "inside the tunnel the request is in origin form");
            assertEquals(List.of("localhost:" + server.port()), inside.headers("Host"));
        }
    }

    @Test
    void theCertificateIsCheckedAgainstTheOriginNotTheProxy() throws Exception {
        List<Received> connects = new CopyOnWriteArrayList<>();
        try (var server = ScriptedServer.startTls(serverTls, keepAlive(r -> ok("must not be read")));
             var proxy = tunnellingProxy(connects, null);
             var client = tlsClient(OneProxy.http(proxy.port()))) {
            URI byIp = URI.create("https://127.0.0.1:" + server.port() + "/");
            assertThrows(SSLException.class, () -> client.send(Wire.get(byIp)));
            assertEquals(List.of(), server.requests());
        }
    }

    @Test
    void aProxyRefusingTheTunnelIsAProtocolExceptionNamingTheStatus() throws Exception {
        List<Received> connects = new CopyOnWriteArrayList<>();
        try (var proxy = tunnellingProxy(connects, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n");
             var client = tlsClient(OneProxy.http(proxy.port()))) {
            var e = assertThrows(ProtocolException.class, () -> client.send(Wire.get(URI.create("https://localhost:9/"))));
            assertTrue(e.getMessage().contains("407"), e.getMessage());
            assertEquals("CONNECT localhost:9 HTTP/1.1", connects.getFirst().requestLine());
        }
    }

    @Test
    void aProxyClosingInsteadOfAnsweringConnectIsAnEofException() throws Exception {
        try (var proxy = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.close();
        }); var client = tlsClient(OneProxy.http(proxy.port()))) {
            assertThrows(java.io.EOFException.class, () -> client.send(Wire.get(URI.create("https://localhost:9/"))));
        }
    }

    /** The JDK's default selector (the http.proxyHost property) gives a proxy address it has not resolved. */
    @Test
    void aProxyFromTheDefaultSelectorsSystemPropertiesIsUsed() throws Exception {
        try (var proxy = ScriptedServer.start(keepAlive(r -> ok("via the property proxy")))) {
            String oldHost = System.getProperty("http.proxyHost");
            String oldPort = System.getProperty("http.proxyPort");
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            try (var client = Http11Client.builder().build()) {
                // The origin is never dialled or resolved: the request goes to the proxy.
                assertEquals("via the property proxy", Wire.fetch(client, URI.create("http://origin.invalid/p")));
                assertEquals("GET http://origin.invalid/p HTTP/1.1", proxy.requests().getFirst().requestLine());
            } finally {
                restore("http.proxyHost", oldHost);
                restore("http.proxyPort", oldPort);
            }
        }
    }

    @Test
    void anUnresolvedProxyAddressIsResolvedWhenDialled() throws Exception {
        try (var proxy = ScriptedServer.start(keepAlive(r -> ok("via unresolved")));
             var client = Http11Client.builder().proxies(new OneProxy(u -> List.of(new Proxy(Proxy.Type.HTTP,
                     InetSocketAddress.createUnresolved("127.0.0.1", proxy.port())))))
                     .build()) {
            assertEquals("via unresolved", Wire.fetch(client, URI.create("http://origin.invalid/p")));
            assertEquals("via unresolved", Wire.fetch(client, URI.create("http://origin.invalid/p")));
            assertEquals(1, proxy.accepted());
        }
    }

    @Test
    void aSelectorGivingNoHttpProxyMeansADirectConnection() throws Exception {
        try (var origin = ScriptedServer.start(keepAlive(r -> ok("direct")))) {
            Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1));
            for (List<Proxy> answer : List.of(List.of(Proxy.NO_PROXY), List.of(socks), List.<Proxy>of())) {
                try (var client = Http11Client.builder().proxies(new OneProxy(u -> answer)).build()) {
                    assertEquals("direct", Wire.fetch(client, origin.uri("/")));
                }
            }
            try (var client = Http11Client.builder().proxies(new OneProxy(u -> null)).build()) {
                assertEquals("direct", Wire.fetch(client, origin.uri("/")));
            }
            assertEquals("GET / HTTP/1.1", origin.requests().getFirst().requestLine());
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

}
