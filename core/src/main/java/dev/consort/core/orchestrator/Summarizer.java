package dev.consort.core.orchestrator;

import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.FileSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Summaries made by the configured summarizer backend, through the orchestrator (so they are routed,
 * retried, budgeted and costed like any call): of the older turns context shaping drops, and of long
 * files for project memory. File summaries are cached in the context store by path and content hash, so
 * an unchanged file is never summarized twice; turn summaries are cached in memory by content.
 */
public final class Summarizer {

    private static final int CACHE = 64;

    private final Engine engine;
    private final String backend;
    private final int chunkTokens;
    private final ContextStore store;
    private final Clock clock;
    private final Map<String, String> turnSummaries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE;
        }
    };

    Summarizer(Engine engine, String backend, int chunkTokens, ContextStore store, Clock clock) {
        this.engine = engine;
        this.backend = backend;
        this.chunkTokens = chunkTokens;
        this.store = store;
        this.clock = clock;
    }

    boolean configured() {
        return backend != null;
    }

    String backend() {
        return backend;
    }

    /** A summary of dropped turns within {@code maxTokens}, or empty when none is configured or it failed. */
    Optional<String> turns(List<Message> dropped, int maxTokens) {
        if (backend == null || dropped.isEmpty() || maxTokens < 16) {
            return Optional.empty();
        }
        StringBuilder transcript = new StringBuilder();
        for (Message m : dropped) {
            transcript.append(m.role().wireName()).append(": ").append(m.content());
            m.toolCalls().forEach(c -> transcript.append(" [calls ").append(c.name()).append(' ')
                    .append(c.argumentsJson()).append(']'));
            transcript.append('\n');
        }
        String key = sha256(transcript.toString()) + ":" + maxTokens;
        synchronized (turnSummaries) {
            String cached = turnSummaries.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        String summary = ask("Summarize this earlier part of a conversation in at most " + maxTokens
                + " tokens. Keep decisions, facts, names, numbers and open questions; drop pleasantries.\n\n"
                + transcript, maxTokens);
        synchronized (turnSummaries) {
            turnSummaries.put(key, summary);
        }
        return Optional.of(summary);
    }

    /**
     * The summary of a file within {@code maxTokens}: cached by path and content hash, else made now
     * piece by piece (each piece at most {@code summaries.chunk_tokens}) and cached.
     */
    public FileSummary file(Path projectDir, Path file, int maxTokens) {
        if (backend == null) {
            throw new IllegalStateException("no summarizer is configured: set summaries.backend in consort.yaml");
        }
        Path abs = projectDir.resolve(file).toAbsolutePath().normalize();
        String rel = abs.startsWith(projectDir) ? projectDir.relativize(abs).toString() : abs.toString();
        String text;
        try {
            text = Files.readString(abs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String hash = sha256(text);
        Optional<FileSummary> cached = store.fileSummary(rel, hash);
        if (cached.isPresent() && cached.get().tokens() <= maxTokens) {
            return cached.get();
        }
        List<String> pieces = pieces(text);
        List<String> partial = new ArrayList<>();
        int each = Math.max(32, maxTokens / Math.max(1, pieces.size()));
        for (int i = 0; i < pieces.size(); i++) {
            partial.add(ask("Summarize part " + (i + 1) + " of " + pieces.size() + " of the file " + rel
                    + " in at most " + each + " tokens, for a programmer who has not read it.\n\n" + pieces.get(i), each));
        }
        String summary = partial.size() == 1 ? partial.get(0) : ask("Combine these summaries of the parts of " + rel
                + " into one summary of at most " + maxTokens + " tokens.\n\n" + String.join("\n\n", partial), maxTokens);
        int tokens = engine.pool().get(backend).countTokens(List.of(Message.assistant(summary)));
        FileSummary result = new FileSummary(rel, hash, summary, tokens, clock.instant());
        store.putFileSummary(result);
        return result;
    }

    private List<String> pieces(String text) {
        var b = engine.pool().get(backend);
        List<String> out = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String candidate = piece.isEmpty() ? line : piece + "\n" + line;
            if (!piece.isEmpty() && b.countTokens(List.of(Message.user(candidate))) > chunkTokens) {
                out.add(piece.toString());
                piece.setLength(0);
                piece.append(line);
            } else {
                piece.setLength(0);
                piece.append(candidate);
            }
        }
        if (!piece.isEmpty() || out.isEmpty()) {
            out.add(piece.toString());
        }
        return out;
    }

    private String ask(String prompt, int maxTokens) {
        ChatRequest request = ChatRequest.builder().messages(List.of(new Message(Role.USER, prompt, null, null, List.of())))
                .maxTokens(Math.max(16, maxTokens)).build();
        return engine.chat(new ChatCall(request, "summarize", backend, List.of(), null)).response().content().strip();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
