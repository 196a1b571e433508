package dev.consort.backend.local.llamacpp;

import java.util.List;

/**
 * Cuts generated text at the first stop sequence. Text that may be the start of a stop sequence is held
 * back until the next piece shows whether it is. Not thread-safe: one per generation.
 */
final class StopSequences {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequences(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Adds a piece of generated text.
     *
     * @return the text that can be shown now (possibly empty)
     */
    String push(String piece) {
        if (stopped) {
            return "";
        }
        if (stops.isEmpty()) {
            return piece;
        }
        held.append(piece);
        int cut = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = held.substring(0, cut);
            held.setLength(0);
            return out;
        }
        int keep = longestPendingPrefix();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** Whether a stop sequence was seen. */
    boolean stopped() {
        return stopped;
    }

    /** The text still held back, when generation ends without a stop sequence. */
    String flush() {
        String out = held.toString();
        held.setLength(0);
        return out;
    }

    private int longestPendingPrefix() {
        int best = 0;
        String text = held.toString();
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > best; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }
}
