package dev.consort.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Consort;
import dev.consort.core.api.GatewaySettings;
import dev.consort.spi.config.ConfigException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code consort serve}: an OpenAI-compatible HTTP API over a {@link Consort}'s orchestrator, on Helidon SE
 * WebServer (one virtual thread per request). Endpoints: {@code POST /v1/chat/completions},
 * {@code GET /v1/models}, {@code GET /v1/models/{id}}, {@code GET /health}, {@code GET /metrics}.
 *
 * <p>Binds to loopback unless told otherwise; any other address requires client keys. With no keys on
 * loopback every caller is accepted, which {@link #notices()} says. Thread-safe; close it to stop.
 *
 * <p>Known limits: a client's disconnect is noticed at the next chunk written to it (a backend silent for
 * long keeps working until then); answers with a JSON response format or tool calls are validated by the
 * orchestrator before they are streamed, so they arrive at the end; text streamed before the orchestrator
 * restarts on another backend cannot be taken back over this protocol; client budgets are counted in
 * memory from the gateway's start, checked before and counted after each request.
 *
 * @since 0.1
 */
public final class Gateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebServer server;
    private final GatewaySettings settings;
    private final List<String> notices;

    private Gateway(WebServer server, GatewaySettings settings, List<String> notices) {
        this.server = server;
        this.settings = settings;
        this.notices = List.copyOf(notices);
    }

    /**
     * Starts a gateway.
     *
     * @param consort  the Consort to serve; not null, and not closed while the gateway runs
     * @param settings where to listen, aliases, clients; not null
     * @return the running gateway
     * @throws ConfigException when the bind address is not loopback and no client key is configured, or
     *                         cannot be resolved
     */
    public static Gateway start(Consort consort, GatewaySettings settings) {
        return start(consort, settings, Clock.systemUTC(), System::nanoTime);
    }

    static Gateway start(Consort consort, GatewaySettings settings, Clock clock, LongSupplier nanoTime) {
        Objects.requireNonNull(consort, "consort is null");
        Objects.requireNonNull(settings, "settings is null");
        boolean loopback = loopback(settings.bind());
        List<String> notices = new ArrayList<>();
        if (settings.clients().isEmpty()) {
            if (!loopback) {
                throw new ConfigException("gateway.bind", "the gateway would listen on " + settings.bind()
                        + ", beyond this machine, with no client keys: configure gateway.clients first, or bind 127.0.0.1");
            }
            notices.add("no client keys configured (gateway.clients): any API key is accepted, on loopback only");
        }
        ClientKeys keys = new ClientKeys(settings, clock, nanoTime);
        GatewayMetrics metrics = new GatewayMetrics();
        ModelRoutes routes = new ModelRoutes(consort.orchestrator().backends().stream()
                .map(dev.consort.core.api.Orchestrator.BackendStatus::name).toList(), settings);
        ChatCompletionsHandler chat = new ChatCompletionsHandler(consort.orchestrator(), routes, keys, metrics, JSON,
                settings.maxBodyBytes(), clock);
        WebServer server = WebServer.builder()
                .host(settings.bind())
                .port(settings.port())
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> routing(r, chat, routes, keys, metrics))
                .build()
                .start();
        return new Gateway(server, settings, notices);
    }

    private static void routing(HttpRouting.Builder r, ChatCompletionsHandler chat, ModelRoutes routes, ClientKeys keys,
                                GatewayMetrics metrics) {
        r.post("/v1/chat/completions", chat)
                .get("/v1/models", (req, res) -> authorized(req, res, keys, () -> json(res, models(routes))))
                .get("/v1/models/{id}", (req, res) -> authorized(req, res, keys, () -> {
                    String id = req.path().pathParameters().get("id");
                    if (!routes.names().contains(id)) {
                        throw GatewayError.notFound("model_not_found", "The model '" + id + "' does not exist here.");
                    }
                    json(res, model(id));
                }))
                .get("/health", (req, res) -> json(res, JSON.createObjectNode().put("status", "ok")))
                .get("/metrics", (req, res) -> authorized(req, res, keys, () -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
                }))
                .any((req, res) -> error(res, GatewayError.notFound("not_found", "No such endpoint: "
                        + req.prologue().method().text() + " " + req.path().path())));
    }

    private static void authorized(ServerRequest req, ServerResponse res, ClientKeys keys, Runnable answer) {
        try {
            keys.authenticate(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
            answer.run();
        } catch (GatewayError e) {
            error(res, e);
        }
    }

    private static ObjectNode models(ModelRoutes routes) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        routes.names().forEach(n -> data.add(model(n)));
        return root;
    }

    private static ObjectNode model(String id) {
        return JSON.createObjectNode().put("id", id).put("object", "model").put("created", 0).put("owned_by", "consort");
    }

    private static void json(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void error(ServerResponse res, GatewayError e) {
        res.status(e.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(e.toJson(JSON).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("gateway.bind", "cannot resolve the bind address '" + bind + "'");
        }
    }

    /**
     * The port listened on (the chosen one when configured as 0).
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * The base URL clients use, such as {@code http://127.0.0.1:8787/v1}.
     *
     * @return the URL; never null
     */
    public String baseUrl() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + host + ":" + port() + "/v1";
    }

    /**
     * What the operator should know at start (no client keys on loopback, for example).
     *
     * @return one line each; never null
     */
    public List<String> notices() {
        return notices;
    }

    /** Stops listening; requests in flight are cut. */
    @Override
    public void close() {
        server.stop();
    }
}
