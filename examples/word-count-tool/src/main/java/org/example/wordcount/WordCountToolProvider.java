package org.example.wordcount;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolProvider;
import java.util.List;
import java.util.Set;

/** The {@code wordcount} tool family: one tool, {@code word_count}. Stateless and thread-safe. */
public final class WordCountToolProvider implements ToolProvider {

    /** For {@link java.util.ServiceLoader}. */
    public WordCountToolProvider() {
    }

    @Override
    public String type() {
        return "wordcount";
    }

    @Override
    public Set<String> toolNames() {
        return Set.of(WordCountTool.NAME);
    }

    @Override
    public List<Tool> create(PluginConfig config, PluginContext context) {
        config.checkKeys(Set.of("max_file_bytes"));
        long max = config.longValue("max_file_bytes").orElse(4L * 1024 * 1024);
        if (max <= 0) {
            throw config.error("max_file_bytes", "must be positive");
        }
        return List.of(new WordCountTool(max));
    }
}
