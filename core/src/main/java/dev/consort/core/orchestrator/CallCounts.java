package dev.consort.core.orchestrator;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.chat.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The token counts of one call, per backend: the conversation as that backend sees it (its persona
 * first), made once, and what each list of those messages counts there, counted once. Routing the
 * call and preparing it share one instance, so a prompt is counted once per backend per call rather
 * than once to route and again, turn by turn, to shape it.
 *
 * <p>Lives as long as one call (a retry, a reshape and a fallback of that call included) and is never
 * shared between calls: counts are keyed by the identity of the messages, which only means the same
 * text within one call. Used by one thread at a time.
 */
final class CallCounts {

    private final Map<String, Backend> backends = new HashMap<>(4);

    /**
     * One backend's view of the call, made on first use.
     *
     * @param name     the backend's name
     * @param backend  the backend, which counts
     * @param messages makes the conversation with the backend's persona; asked once
     */
    Backend of(String name, LLMBackend backend, Supplier<List<Message>> messages) {
        return backends.computeIfAbsent(name, n -> new Backend(backend, messages.get()));
    }

    /** One backend's conversation (not to be modified) and the counts made of it so far. */
    static final class Backend {

        private final LLMBackend backend;
        private final List<Message> messages;
        private final Key whole;
        private final Map<Key, Integer> counts = new HashMap<>();
        private int upperBound = -1;

        private Backend(LLMBackend backend, List<Message> messages) {
            this.backend = backend;
            this.messages = messages;
            this.whole = new Key(messages.toArray(Message[]::new));
        }

        /** The conversation with this backend's persona, as routing measured it. */
        List<Message> messages() {
            return messages;
        }

        /** Whether the whole conversation has been counted exactly. */
        boolean countedWhole() {
            return counts.containsKey(whole);
        }

        /**
         * The backend's upper bound of the whole conversation's count ({@link Integer#MAX_VALUE} when it
         * knows none), or its exact count when that is known already.
         */
        int upperBound() {
            if (countedWhole()) {
                return count(messages);
            }
            if (upperBound < 0) {
                // A negative bound (a plugin's overflow, say) is no bound: it must not pass for "fits".
                int bound = backend.tokenUpperBound(messages);
                upperBound = bound < 0 ? Integer.MAX_VALUE : bound;
            }
            return upperBound;
        }

        /** What these messages count on this backend; each list of the same messages is counted once. */
        int count(List<Message> list) {
            Key key = list == messages ? whole : new Key(list.toArray(Message[]::new));
            Integer known = counts.get(key);
            if (known != null) {
                return known;
            }
            int n = backend.countTokens(list);
            counts.put(key, n);
            return n;
        }
    }

    /** A list of messages by identity: equal messages of different calls never share a count. */
    private record Key(Message[] messages) {

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key other) || other.messages.length != messages.length) {
                return false;
            }
            for (int i = 0; i < messages.length; i++) {
                if (messages[i] != other.messages[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (Message m : messages) {
                h = 31 * h + System.identityHashCode(m);
            }
            return h;
        }
    }
}
