package dev.consort.core.orchestrator;

import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fits a conversation into a backend's window: keeps the leading system messages (persona, task
 * facts) and the newest turns that fit, dropping older ones. An assistant turn that calls tools and the
 * tool results answering it are one unit: kept or dropped together, never split.
 */
final class ContextShaper {

    /** A conversation after shaping. */
    record Shaped(List<Message> messages, int tokens, int dropped, List<Message> droppedMessages) {
    }

    private ContextShaper() {
    }

    /** The prompt budget: window minus output minus a safety margin (2% of the window, at least 16). */
    static int budget(int window, int maxOutput) {
        return window - maxOutput - Math.max(16, window / 50);
    }

    static Shaped shape(List<Message> messages, int budget, ToIntFunction<List<Message>> counter) {
        int head = 0;
        while (head < messages.size() && messages.get(head).role() == Role.SYSTEM) {
            head++;
        }
        List<Message> system = messages.subList(0, head);
        List<List<Message>> units = units(messages.subList(head, messages.size()));
        int used = system.isEmpty() ? 0 : counter.applyAsInt(system);
        int keepFrom = units.size();
        int[] sizes = new int[units.size()];
        for (int i = units.size() - 1; i >= 0; i--) {
            sizes[i] = counter.applyAsInt(units.get(i));
            boolean newest = i == units.size() - 1;
            if (!newest && used + sizes[i] > budget) {
                break;
            }
            used += sizes[i];
            keepFrom = i;
        }
        if (keepFrom == 0) {
            return new Shaped(messages, used, 0, List.of());
        }
        List<Message> out = new ArrayList<>(system);
        List<Message> gone = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            if (i >= keepFrom) {
                out.addAll(units.get(i));
            } else {
                gone.addAll(units.get(i));
            }
        }
        return new Shaped(List.copyOf(out), used, gone.size(), List.copyOf(gone));
    }

    /** The tokens of the smallest shape: system messages and the newest unit. */
    static int minimal(List<Message> messages, ToIntFunction<List<Message>> counter) {
        return shape(messages, Integer.MIN_VALUE / 2, counter).tokens();
    }

    static List<List<Message>> units(List<Message> turns) {
        List<List<Message>> units = new ArrayList<>();
        for (Message m : turns) {
            boolean joinsPrevious = m.role() == Role.TOOL && !units.isEmpty()
                    && (units.getLast().getFirst().hasToolCalls());
            if (joinsPrevious) {
                units.getLast().add(m);
            } else {
                List<Message> u = new ArrayList<>();
                u.add(m);
                units.add(u);
            }
        }
        return units;
    }
}
