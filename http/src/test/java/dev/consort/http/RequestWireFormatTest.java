package dev.consort.http;

import static dev.consort.http.ScriptedServer.keepAlive;
import static dev.consort.http.ScriptedServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.http.ScriptedServer.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire, as a server reads it. */
class RequestWireFormatTest {

    private static Set<String> lines(Received r) {
        return Set.copyOf(r.headerLines());
    }

    @Test
    void writesTheRequestLineTheGivenHeadersAndHostUserAgentAndContentLength() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("done")));
             var client = Wire.client()) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-One", "1");
            headers.put("Accept", "application/json");
            byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            try (Response r = client.send(Request.post(server.uri("/v1/chat"), headers, body, Wire.PATIENT))) {
                assertEquals("done", Wire.text(r));
            }
            Received got = server.requests().getFirst();
            assertEquals("POST /v1/chat HTTP/1.1", got.requestLine());
            assertEquals(Set.of("X-One: 1", "Accept: application/json", "Host: 127.0.0.1:" + server.port(),
                    "User-Agent: consort", "Content-Length: 7"), lines(got));
            assertEquals(5, got.headerLines().size(), "no header is sent twice: " + got.headerLines());
            assertEquals("{\"a\":1}", got.bodyText());
        }
    }

    @Test
    void sendsALargeBodyWhole() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 7];
        new java.util.Random(3).nextBytes(body);
        try (var server = ScriptedServer.start(keepAlive(r -> ok(r.body().length + ":" + java.util.Arrays.hashCode(r.body()))));
             var client = Wire.client()) {
            try (Response r = client.send(Request.post(server.uri("/upload"), Map.of(), body, Wire.PATIENT))) {
                assertEquals(body.length + ":" + java.util.Arrays.hashCode(body), Wire.text(r));
            }
            assertTrue(java.util.Arrays.equals(body, server.requests().getFirst().body()));
        }
    }

    @Test
    void keepsTheGivenHeadersInTheirOrder() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("")));
             var client = Wire.client()) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String n : List.of("X-C", "X-A", "X-B", "X-E", "X-D")) {
                headers.put(n, n.toLowerCase());
            }
            client.send(new Request("GET", server.uri("/"), headers, new byte[0], Wire.PATIENT)).body().readAllBytes();
            List<String> names = server.requests().getFirst().headerLines().stream()
                    .map(l -> l.substring(0, l.indexOf(':'))).filter(n -> n.startsWith("X-")).toList();
            assertEquals(List.of("X-C", "X-A", "X-B", "X-E", "X-D"), names);
        }
    }

    @Test
    void sendsContentLengthZeroForAnEmptyPostAndNoneForAGet() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("")));
             var client = Wire.client()) {
            Wire.text(client.send(Wire.post(server.uri("/p"), "")));
            Wire.text(client.send(Wire.get(server.uri("/g"))));
            Wire.text(client.send(new Request("PUT", server.uri("/u"), Map.of(), new byte[0], Wire.PATIENT)));
            List<Received> got = server.requests();
            assertEquals(List.of("0"), got.get(0).headers("Content-Length"));
            assertEquals(List.of(), got.get(1).headers("Content-Length"));
            assertEquals(List.of(), got.get(1).headers("Transfer-Encoding"));
            assertEquals(List.of("0"), got.get(2).headers("Content-Length"));
        }
    }

    @Test
    void aGivenUserAgentOrHostReplacesTheDefaultOne() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("")));
             var client = Http11Client.builder().proxies(null).userAgent("builder-agent/2").build()) {
            Wire.text(client.send(Wire.get(server.uri("/a"))));
            Wire.text(client.send(new Request("GET", server.uri("/b"),
                    Map.of("user-agent", "mine/1", "HOST", "api.example.com"), new byte[0], Wire.PATIENT)));
            List<Received> got = server.requests();
            assertEquals(List.of("builder-agent/2"), got.get(0).headers("User-Agent"));
            assertEquals(List.of("mine/1"), got.get(1).headers("User-Agent"));
            assertEquals(List.of("api.example.com"), got.get(1).headers("Host"));
        }
    }

    @Test
    void theClientOwnsFramingAndConnectionHeaders() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("")));
             var client = Wire.client()) {
            Map<String, String> headers = Map.of("Content-Length", "999", "Transfer-Encoding", "chunked",
                    "Connection", "close");
            Wire.text(client.send(Request.post(server.uri("/"), headers, "abc".getBytes(StandardCharsets.UTF_8),
                    Wire.PATIENT)));
            Received got = server.requests().getFirst();
            assertEquals(List.of("3"), got.headers("Content-Length"));
            assertEquals(List.of(), got.headers("Transfer-Encoding"));
            assertEquals(List.of(), got.headers("Connection"));
            assertEquals("abc", got.bodyText());
        }
    }

    @Test
    void keepsTheQueryStringAndTheRawPath() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("")));
             var client = Wire.client()) {
            Wire.text(client.send(Wire.get(server.uri("/a%20b/c?x=1&y=%2F&z"))));
            Wire.text(client.send(Wire.get(URI.create("http://127.0.0.1:" + server.port() + "?only=query"))));
            Wire.text(client.send(Wire.get(URI.create("http://127.0.0.1:" + server.port()))));
            List<Received> got = server.requests();
            assertEquals("GET /a%20b/c?x=1&y=%2F&z HTTP/1.1", got.get(0).requestLine());
            assertEquals("GET /?only=query HTTP/1.1", got.get(1).requestLine());
            assertEquals("GET / HTTP/1.1", got.get(2).requestLine());
        }
    }

    @Test
    void theHostHeaderOfAnIpv6LiteralIsBracketed() throws Exception {
        InetAddress v6;
        try {
            v6 = InetAddress.getByName("::1");
            new java.net.ServerSocket(0, 1, v6).close();
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        try (var server = ScriptedServer.start(v6, null, keepAlive(r -> ok("six")));
             var client = Wire.client()) {
            URI uri = URI.create("http://[::1]:" + server.port() + "/v6");
            assertEquals("six", Wire.fetch(client, uri));
            assertEquals(List.of("[::1]:" + server.port()), server.requests().getFirst().headers("Host"));
        }
    }

    @Test
    void theHostHeaderLeavesOutTheSchemesDefaultPort() {
        assertEquals("example.com", Route.of(URI.create("http://example.com/x"), Proxy.NO_PROXY).hostHeader());
        assertEquals("example.com", Route.of(URI.create("https://example.com/x"), Proxy.NO_PROXY).hostHeader());
        assertEquals("example.com", Route.of(URI.create("http://example.com:80/x"), Proxy.NO_PROXY).hostHeader());
        assertEquals("example.com:443", Route.of(URI.create("http://example.com:443/"), Proxy.NO_PROXY).hostHeader());
        assertEquals("example.com:80", Route.of(URI.create("https://example.com:80/"), Proxy.NO_PROXY).hostHeader());
        assertEquals("[::1]:8080", Route.of(URI.create("http://[::1]:8080/"), Proxy.NO_PROXY).hostHeader());
        assertEquals("[::1]", Route.of(URI.create("https://[::1]/"), Proxy.NO_PROXY).hostHeader());
    }

    /** Through a proxy the origin is never dialled, so a default-port origin can be named without reaching it. */
    @Test
    void aDefaultPortOriginGetsAHostHeaderWithoutThePortOnTheWire() throws Exception {
        try (var proxy = ScriptedServer.start(keepAlive(r -> ok("via proxy")));
             var client = Http11Client.builder().proxies(selector(proxy.port())).build()) {
            assertEquals("via proxy", Wire.fetch(client, URI.create("http://localhost/default-port?q=1")));
            Received got = proxy.requests().getFirst();
            assertEquals("GET http://localhost/default-port?q=1 HTTP/1.1", got.requestLine());
            assertEquals(List.of("localhost"), got.headers("Host"));
            assertFalse(got.headers("User-Agent").isEmpty());
        }
    }

    @Test
    void anEmptyBodyIsNotWrittenAndAHeadRequestHasNoContentLength() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"));
             var client = Wire.client()) {
            try (Response r = client.send(new Request("HEAD", server.uri("/h"), Map.of(), new byte[0], Wire.PATIENT))) {
                assertEquals(200, r.status());
                assertEquals(-1, r.body().read(), "a HEAD response has no body whatever its Content-Length");
            }
            Received got = server.requests().getFirst();
            assertEquals("HEAD /h HTTP/1.1", got.requestLine());
            assertTrue(got.headers("Content-Length").isEmpty());
            assertEquals(1, client.idleConnections(server.uri("/")), "the HEAD exchange left its connection reusable");
        }
    }

    static ProxySelector selector(int proxyPort) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

}
