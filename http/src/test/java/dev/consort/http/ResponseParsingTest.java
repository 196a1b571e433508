package dev.consort.http;

import static dev.consort.http.ScriptedServer.keepAlive;
import static dev.consort.http.ScriptedServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the client reads heads and bodies. */
class ResponseParsingTest {

    /** Answers the first request with the bytes given, then "second" to any later one on the connection. */
    private static ScriptedServer.Script firstThenSecond(String first) {
        return conn -> {
            conn.readRequest();
            conn.send(first);
            for (var r = conn.readRequest(); r != null; r = conn.readRequest()) {
                conn.send(ok("second"));
            }
        };
    }

    @Test
    void readsAContentLengthBodyAndTheStatus() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ScriptedServer.answer(201, "X-A: 1\r\n", "created!")));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(201, r.status());
                assertEquals(Optional.of("1"), r.header("X-A"));
                assertEquals("created!", Wire.text(r));
                assertEquals(-1, r.body().read(), "reads after the end keep returning -1");
            }
        }
    }

    @Test
    void readNBytesOfAContentLengthBodyGivesAtMostWhatWasAskedAndTheRestLater() throws Exception {
        try (var server = ScriptedServer.start(firstThenSecond(ok("0123456789")));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                InputStream in = r.body();
                assertEquals("0123", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
                byte[] rest = in.readNBytes(1 << 20);
                assertEquals("456789", new String(rest, StandardCharsets.US_ASCII), "the rest of the body, however much more was asked");
                assertEquals(0, in.readNBytes(10).length);
                assertEquals(-1, in.read());
            }
            assertEquals("second", Wire.fetch(client, server.uri("/")), "the read body freed its connection");
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void readNBytesOfAContentLengthBodyCutShortFailsLikeARead() throws Exception {
        try (var server = ScriptedServer.start(conn -> {
                conn.readRequest();
                conn.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
            });
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                var e = assertThrows(java.io.EOFException.class, () -> r.body().readNBytes(100));
                assertEquals("the connection closed after 5 of the body's 10 bytes", e.getMessage());
            }
        }
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailersAndTheConnectionStaysUsable() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n"
                + "1;name=value\r\n,\r\n"
                + "A; ext=\"quoted\"\r\n world! :)\r\n"
                + "0\r\n"
                + "X-Trailer: t1\r\nX-Other: t2\r\n\r\n";
        try (var server = ScriptedServer.start(firstThenSecond(chunked));
             var client = Wire.client()) {
            assertEquals("hello, world! :)", Wire.fetch(client, server.uri("/")));
            // Had the trailers or the last CRLF been left unread, this would read them as the next head.
            assertEquals("second", Wire.fetch(client, server.uri("/")));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void readsAChunkedBodyWithoutTrailersAndWithUpperCaseHexSizes() throws Exception {
        StringBuilder body = new StringBuilder();
        StringBuilder wire = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n"
                + "Content-Length: 3\r\n\r\n");
        String big = "x".repeat(0x1AF) + "y".repeat(0x10000);
        wire.append("1AF\r\n").append(big, 0, 0x1AF).append("\r\n");
        wire.append("10000\r\n").append(big.substring(0x1AF)).append("\r\n");
        wire.append("0\r\n\r\n");
        body.append(big);
        try (var server = ScriptedServer.start(firstThenSecond(wire.toString()));
             var client = Wire.client()) {
            String got = Wire.fetch(client, server.uri("/"));
            assertEquals(body.length(), got.length(), "Transfer-Encoding wins over Content-Length");
            assertTrue(body.toString().equals(got));
            String next = Wire.fetch(client, server.uri("/"));
            assertTrue(next.equals("second"), () -> "the next answer starts with '" + next.substring(0, 20) + "'");
        }
    }

    @Test
    void aReadReturnsTheFirstChunkBeforeTheServerSendsTheSecond() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            if (firstRead.await(10, TimeUnit.SECONDS)) {
                conn.send("6\r\nsecond\r\n0\r\n\r\n");
            }
            conn.awaitEof(Wire.PATIENT);
        }); var client = Wire.client()) {
            // A client that waited for more than the first chunk would time out here instead.
            try (Response r = client.send(Wire.get(server.uri("/stream"), java.time.Duration.ofSeconds(3)))) {
                byte[] buf = new byte[1024];
                int n = r.body().read(buf);
                assertEquals("first", new String(buf, 0, n, StandardCharsets.US_ASCII));
                firstRead.countDown();
                assertEquals("second", Wire.text(r));
            }
        }
    }

    @Test
    void aContentLengthBodyIsDeliveredAsItArrives() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello");
            if (firstRead.await(10, TimeUnit.SECONDS)) {
                conn.send(" world");
            }
            conn.awaitEof(Wire.PATIENT);
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/"), java.time.Duration.ofSeconds(3)))) {
                byte[] buf = new byte[1024];
                int n = r.body().read(buf);
                assertEquals("hello", new String(buf, 0, n, StandardCharsets.US_ASCII));
                firstRead.countDown();
                assertEquals(" world", Wire.text(r));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0 200 OK\r\n", "HTTP/1.1 200 OK\r\nConnection: close\r\n",
        "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n",
        "HTTP/1.1 200 OK\r\n"})
    void aBodyWithoutLengthEndsWhenTheServerCloses(String head) throws Exception {
        try (var server = ScriptedServer.start(conn -> {
            conn.readRequest();
            conn.send(head + "X-Head: done\r\n\r\nall of it, ");
            conn.send("until the end");
            conn.close();
        }); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(Optional.of("done"), r.header("x-head"));
                assertEquals("all of it, until the end", Wire.text(r));
            }
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void aNoContentOrNotModifiedResponseHasNoBodyWhateverItsHeadersSay(int status) throws Exception {
        // A 304 may carry the Content-Length of the entity it stands for; the bytes never come.
        String head = "HTTP/1.1 " + status + " Nothing\r\nContent-Length: 100\r\nETag: \"e\"\r\n\r\n";
        try (var server = ScriptedServer.start(firstThenSecond(head));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(status, r.status());
                assertEquals(-1, r.body().read());
            }
            assertEquals("second", Wire.fetch(client, server.uri("/")));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void skipsInterimResponses() throws Exception {
        String answer = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: yes\r\n\r\nfinal";
        try (var server = ScriptedServer.start(firstThenSecond(answer));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.post(server.uri("/"), "body"))) {
                assertEquals(200, r.status());
                assertEquals(Optional.of("yes"), r.header("X-Final"));
                assertEquals(Optional.empty(), r.header("Link"), "the interim heads' headers are not the response's");
                assertEquals("final", Wire.text(r));
            }
            assertEquals("second", Wire.fetch(client, server.uri("/")));
        }
    }

    @Test
    void refusesEndlessInterimResponses() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 100 Continue\r\n\r\n".repeat(17)
                + ok("never"))); var client = Wire.client()) {
            var e = assertThrows(java.net.ProtocolException.class, () -> client.send(Wire.get(server.uri("/"))));
            assertTrue(e.getMessage().contains("interim"), e.getMessage());
        }
    }

    @Test
    void joinsAnObsoleteFoldedHeaderLine() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nX-Folded: first part\r\n  second part\r\n\tthird part\r\n"
                + "X-Next: n\r\nContent-Length: 0\r\n\r\n";
        try (var server = ScriptedServer.start(keepAlive(r -> answer));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(Optional.of("first part second part third part"), r.header("X-Folded"));
                assertEquals(Optional.of("n"), r.header("X-Next"));
            }
        }
    }

    @Test
    void headerNamesCompareWithoutCaseAndRepeatedHeadersKeepTheirOrder() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Other: o\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\n"
                + "Retry-After:   7  \r\nX-Empty:\r\nContent-Length: 0\r\n\r\n";
        try (var server = ScriptedServer.start(keepAlive(r -> answer));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(List.of("a=1", "b=2", "c=3"), r.headers().get("set-cookie"));
                assertEquals(List.of("a=1", "b=2", "c=3"), r.headers().get("Set-Cookie"));
                assertEquals(Optional.of("7"), r.header("RETRY-AFTER"), "values are trimmed");
                assertEquals(Optional.of(""), r.header("x-empty"));
                assertEquals(Optional.empty(), r.header("X-Missing"));
                assertThrows(UnsupportedOperationException.class, () -> r.headers().put("X", List.of()));
                assertThrows(UnsupportedOperationException.class, () -> r.headers().get("set-cookie").add("d"));
            }
        }
    }

    @Test
    void toleratesBareLineFeedsAndAStatusLineWithoutReason() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 202\nX-A: 1\nContent-Length: 2\n\nok"));
             var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(202, r.status());
                assertEquals(Optional.of("1"), r.header("x-a"));
                assertEquals("ok", Wire.text(r));
            }
        }
    }

    @Test
    void aRedirectIsReturnedAsItIs() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n"
                + "Content-Length: 5\r\n\r\nmoved")); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertEquals(302, r.status());
                assertEquals(Optional.of("/elsewhere"), r.header("location"));
                assertEquals("moved", Wire.text(r));
            }
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void aLongBodyIsReadWholeWhetherReadInSmallOrLargePieces() throws Exception {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + (i >> 8));
        }
        try (var server = ScriptedServer.start(keepAlive(r -> "HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1))); var client = Wire.client()) {
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                assertTrue(java.util.Arrays.equals(body, r.body().readAllBytes()));
            }
            try (Response r = client.send(Wire.get(server.uri("/")))) {
                InputStream in = r.body();
                byte[] got = new byte[body.length];
                int i = 0;
                for (int b; (b = in.read()) >= 0; ) {
                    got[i++] = (byte) b;
                }
                assertEquals(body.length, i);
                assertTrue(java.util.Arrays.equals(body, got));
            }
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void aReadOfTheClosedBodyFails() throws Exception {
        try (var server = ScriptedServer.start(keepAlive(r -> ok("0123456789")));
             var client = Wire.client()) {
            Response r = client.send(Wire.get(server.uri("/")));
            r.body().read();
            r.close();
            r.close();
            assertThrows(java.io.IOException.class, () -> r.body().read());
        }
    }

    @Test
    void refusesAUrlThatIsNotHttpOrHttpsOrHasNoHost() {
        // A URL that is not http(s) is a caller's mistake, refused before any connection.
        try (var client = Wire.client()) {
            assertThrows(IllegalArgumentException.class,
                    () -> client.send(Wire.get(URI.create("ftp://127.0.0.1/x"))));
            assertThrows(IllegalArgumentException.class,
                    () -> client.send(new Request("GET", URI.create("http:/nohost"), Map.of(), new byte[0],
                            Wire.PATIENT)));
        }
    }
}
