package dev.consort.backend.fast;

import dev.consort.spi.chat.ToolCall;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gathers one streamed tool call from its deltas (the id and name first, the arguments in pieces) and
 * makes the finished {@link ToolCall}. Not thread-safe.
 */
final class ToolCallAssembler {

    /** The longest arguments accepted for one call: larger ones mean a broken or hostile server. */
    static final int MAX_ARGUMENT_CHARS = 8 * 1024 * 1024;

    private final int index;
    private String id;
    private String name;
    private final StringBuilder arguments = new StringBuilder();

    ToolCallAssembler(int index) {
        this.index = index;
    }

    String id() {
        return id;
    }

    /**
     * Adds a delta's parts.
     *
     * @return false when the arguments would grow past {@link #MAX_ARGUMENT_CHARS}
     */
    boolean add(String idPart, String namePart, String argumentsPart) {
        if (idPart != null && !idPart.isEmpty() && id == null) {
            id = idPart;
        }
        if (namePart != null && !namePart.isEmpty()) {
            // Servers send the name whole; a few repeat it in later deltas, which must not double it.
            name = name == null || name.equals(namePart) ? namePart : name + namePart;
        }
        if (argumentsPart != null) {
            if (arguments.length() + argumentsPart.length() > MAX_ARGUMENT_CHARS) {
                return false;
            }
            arguments.append(argumentsPart);
        }
        return true;
    }

    /** Whether a name has arrived, without which there is no call. */
    boolean named() {
        return name != null && !name.isBlank();
    }

    /** The arguments received so far, for estimating output tokens. */
    String argumentsSoFar() {
        return arguments.toString();
    }

    /** The finished call; an id is made up for servers that send none. */
    ToolCall build() {
        String callId = id != null && !id.isBlank() ? id
                : "call_" + index + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        return new ToolCall(callId, name, ArgumentsJson.compact(arguments.toString()));
    }
}
