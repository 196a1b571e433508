package dev.consort.spi.context;

import java.time.Instant;
import java.util.Objects;

/**
 * A cached summary of a file's content, valid while the content hash matches.
 *
 * @param path          the file's path relative to the project; not blank
 * @param contentSha256 the hex SHA-256 of the content summarized; not blank
 * @param summary       the summary; not null
 * @param tokens        the summary's size in tokens; not negative
 * @param created       when it was made; not null
 * @since 1.0
 */
public record FileSummary(String path, String contentSha256, String summary, int tokens, Instant created) {

    /** Validates the components. */
    public FileSummary {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path is blank");
        }
        if (contentSha256 == null || contentSha256.isBlank()) {
            throw new IllegalArgumentException("contentSha256 is blank");
        }
        Objects.requireNonNull(summary, "summary is null");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is negative: " + tokens);
        }
        Objects.requireNonNull(created, "created is null");
    }
}
