package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thinking blocks (with their signatures) that came before the tool calls of recent answers,
 * keyed by the first call's id. With extended thinking on, the API wants the assistant turn that asked
 * for tools sent back with its thinking blocks first; the SPI's {@code Message} has no place for them,
 * so the backend remembers them here and puts them back when that turn returns in the conversation.
 * Bounded (the oldest entries go first); thread-safe.
 */
final class ThinkingMemory {

    private static final int CAPACITY = 64;

    private final Map<String, List<ObjectNode>> byFirstCallId = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ObjectNode>> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void remember(String firstCallId, List<ObjectNode> thinkingBlocks) {
        if (!thinkingBlocks.isEmpty()) {
            byFirstCallId.put(firstCallId, thinkingBlocks.stream().map(ObjectNode::deepCopy).toList());
        }
    }

    synchronized Optional<List<ObjectNode>> recall(String firstCallId) {
        return Optional.ofNullable(byFirstCallId.get(firstCallId))
                .map(blocks -> blocks.stream().map(ObjectNode::deepCopy).toList());
    }

    synchronized void clear() {
        byFirstCallId.clear();
    }
}
