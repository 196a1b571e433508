package dev.consort.core.config;

import dev.consort.spi.config.ConfigException;
import java.util.Set;

/**
 * {@code summaries}: the backend that summarizes (older turns that context shaping drops, and long
 * files for project memory), and the size of the pieces a long file is cut into.
 *
 * @param backend     the summarizer backend, or null for none (older turns are then dropped)
 * @param chunkTokens the size of one piece of a long file, in the summarizer's tokens
 */
public record SummarySettings(String backend, int chunkTokens) {

    static SummarySettings from(LocatedConfig c, Set<String> backends) {
        c.checkKeys(Set.of("backend", "chunk_tokens"));
        String backend = c.string("backend").filter(b -> !b.isBlank()).orElse(null);
        if (backend != null && !backends.contains(backend)) {
            throw new ConfigException(c.locationOf("backend"), "summaries.backend names '" + backend
                    + "', which is not configured");
        }
        int chunk = c.integer("chunk_tokens").orElse(1500);
        if (chunk < 100) {
            throw c.error("chunk_tokens", "must be at least 100");
        }
        return new SummarySettings(backend, chunk);
    }
}
