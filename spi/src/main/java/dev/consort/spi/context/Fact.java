package dev.consort.spi.context;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A piece of project memory kept outside any model's context.
 *
 * @param key     a unique key ({@code build.command}); not blank
 * @param text    the fact; not null
 * @param tags    labels for grouping; never null
 * @param source  where it came from ({@code user}, {@code task:42}, a file path); not null
 * @param updated when it was last written; not null
 * @since 1.0
 */
public record Fact(String key, String text, List<String> tags, String source, Instant updated) {

    /** Validates and copies the components. */
    public Fact {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key is blank");
        }
        Objects.requireNonNull(text, "text is null");
        tags = tags == null ? List.of() : List.copyOf(tags);
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(updated, "updated is null");
    }
}
