package dev.consort.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.Orchestrator;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.Usage;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: authenticates, limits, reads, routes, calls the orchestrator, and
 * answers in one piece or as a stream relayed chunk by chunk as the backend produces it. A stream's
 * headers go out with its first chunk, so a call that fails before any output still gets its error
 * status. A client that disconnects closes the stream, which cancels the backend call.
 */
final class ChatCompletionsHandler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    private final Orchestrator orchestrator;
    private final ModelRoutes routes;
    private final ClientKeys keys;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final ChatCompletionReader reader;
    private final long maxBody;
    private final Clock clock;

    ChatCompletionsHandler(Orchestrator orchestrator, ModelRoutes routes, ClientKeys keys, GatewayMetrics metrics,
                           ObjectMapper json, long maxBody, Clock clock) {
        this.orchestrator = orchestrator;
        this.routes = routes;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.reader = new ChatCompletionReader(json);
        this.maxBody = maxBody;
        this.clock = clock;
    }

    /** What one request came to, for metrics and the log. */
    private static final class Outcome {
        String client = ClientKeys.ANONYMOUS;
        String backend = GatewayMetrics.NO_BACKEND;
        int status = 200;
        boolean stream;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Outcome o = new Outcome();
        try {
            ClientKeys.Client client = keys.authenticate(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
            o.client = client.name();
            client.admit();
            ChatCompletionReader.Parsed parsed = reader.read(body(req));
            o.stream = parsed.stream();
            ModelRoutes.Route route = routes.resolve(parsed.model());
            ChatCall call = new ChatCall(parsed.request(), route.taskType(), route.backend(), List.of(), null);
            ChatCompletionWriter writer = new ChatCompletionWriter(json, completionId(),
                    clock.instant().getEpochSecond(), parsed.model());
            if (parsed.stream()) {
                stream(call, parsed.includeUsage(), writer, client, res, o, start);
            } else {
                Answer answer = orchestrator.chat(call);
                o.backend = answer.backend();
                account(client, answer);
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.header("x-consort-backend", answer.backend());
                res.send(writer.completion(answer.response()));
            }
        } catch (GatewayError e) {
            fail(res, o, e);
        } catch (BudgetExceededException e) {
            fail(res, o, GatewayError.budget(e.getMessage(), 3600));
        } catch (AllBackendsFailedException e) {
            fail(res, o, GatewayError.upstream(e.getMessage()));
        } catch (RuntimeException e) {
            // A bug or an unexpected failure below: the client still gets OpenAI's shape, the log the trace.
            LOG.warn("chat completion failed unexpectedly (client {})", o.client, e);
            fail(res, o, GatewayError.internal("the gateway failed unexpectedly: " + e.getClass().getSimpleName()));
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            metrics.request(o.client, o.backend, o.status, o.stream, took);
            LOG.debug("{} client={} backend={} stream={} status={} {} ms", "chat", o.client, o.backend, o.stream,
                    o.status, took.toMillis());
        }
    }

    private void stream(ChatCall call, boolean includeUsage, ChatCompletionWriter writer, ClientKeys.Client client,
                        ServerResponse res, Outcome o, long start) {
        try (AnswerStream s = orchestrator.stream(call)) {
            Iterator<ChatChunk> chunks = s.iterator();
            // Fails over before any output: an error here still gets a proper status.
            chunks.hasNext();
            o.backend = s.backend().orElse(GatewayMetrics.NO_BACKEND);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("x-consort-backend", o.backend);
            SseSink sink = new SseSink(res.outputStream());
            boolean first = true;
            boolean calledTools = false;
            int toolIndex = 0;
            while (true) {
                // Send what was written before waiting on the backend, and only then: chunks that came
                // together go out in one write, and none waits for a later one.
                if (sink.unflushed() && !s.ready() && !sink.flush()) {
                    disconnected(client, o);
                    return;
                }
                if (!chunks.hasNext()) {
                    break;
                }
                ChatChunk chunk = chunks.next();
                byte[] event = switch (chunk) {
                    case ChatChunk.Text t -> writer.text(t.delta(), first, false);
                    case ChatChunk.Reasoning r -> writer.text(r.delta(), first, true);
                    case ChatChunk.ToolCallReady c -> {
                        calledTools = true;
                        yield writer.toolCalls(List.of(c.call()), toolIndex++, first);
                    }
                    case ChatChunk.Done d -> writer.finish(d.finishReason(), calledTools, first);
                    case ChatChunk.Failed f -> {
                        sink.data(GatewayError.upstream("backend '" + f.backend() + "' failed after partial output: "
                                + f.message()).toJson(json).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        sink.close();
                        o.status = 502;
                        yield null;
                    }
                    // Text already sent cannot be taken back over this protocol; the client gets both answers.
                    case ChatChunk.Restarted r -> null;
                    case ChatChunk.UsageUpdate u -> null;
                };
                if (o.status == 502) {
                    client.budgetRecord(BigDecimal.ZERO, 0);
                    return;
                }
                if (event == null) {
                    continue;
                }
                // The first chunk goes out at once (time to first token); later ones at the loop's head.
                if (!sink.data(event, first)) {
                    disconnected(client, o);
                    return;
                }
                if (first) {
                    metrics.firstChunk(o.client, o.backend, Duration.ofNanos(System.nanoTime() - start));
                    first = false;
                }
                o.backend = s.backend().orElse(o.backend);
            }
            Answer answer = s.answer().orElse(null);
            if (answer != null) {
                account(client, answer);
                if (includeUsage) {
                    sink.data(writer.usageChunk(answer.response().usage()));
                }
            } else if (includeUsage) {
                sink.data(writer.usageChunk(Usage.ZERO));
            }
            sink.done();
        }
    }

    private static void disconnected(ClientKeys.Client client, Outcome o) {
        LOG.debug("client {} disconnected mid-stream; cancelling the backend call", o.client);
        o.status = 499;
        client.budgetRecord(BigDecimal.ZERO, 0);
    }

    /**
     * A new completion id. It must be unique, not secret: {@code ThreadLocalRandom} spares every request the
     * shared {@code SecureRandom} that {@code UUID.randomUUID()} locks.
     */
    static String completionId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return "chatcmpl-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }

    private void account(ClientKeys.Client client, Answer answer) {
        Usage u = answer.response().usage();
        client.budgetRecord(answer.costUsd(), u.totalTokens());
        metrics.usage(client.name(), answer.backend(), u.promptTokens(), u.completionTokens(), answer.costUsd());
    }

    private byte[] body(ServerRequest req) {
        OptionalLong length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBody) {
            throw GatewayError.tooLarge(maxBody);
        }
        // A declared length is read into an array of just that size; a chunked body up to one byte past the limit.
        long want = length.isPresent() ? length.getAsLong() : maxBody + 1;
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, want));
            if (body.length > maxBody) {
                throw GatewayError.tooLarge(maxBody);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fail(ServerResponse res, Outcome o, GatewayError e) {
        o.status = e.status();
        if (res.isSent()) {
            return;
        }
        res.status(e.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (e.retryAfterSeconds() > 0) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        res.send(e.toJson(json).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
