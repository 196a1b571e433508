package dev.consort.tools.fs;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolProvider;
import java.util.List;
import java.util.Set;

/**
 * Supplies the file tools under type {@code fs}: {@code read_file}, {@code write_file}, {@code list_dir},
 * {@code search} and {@code apply_patch}. Every path goes through {@link dev.consort.spi.tool.ToolContext#resolve},
 * so the tools never touch a file outside the sandbox. The family has no configuration keys.
 */
public final class FsToolProvider implements ToolProvider {

    /** Creates the provider; does no work. */
    public FsToolProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code fs}
     */
    @Override
    public String type() {
        return "fs";
    }

    @Override
    public Set<String> toolNames() {
        return Set.of("read_file", "write_file", "list_dir", "search", "apply_patch");
    }

    @Override
    public List<Tool> create(PluginConfig config, PluginContext context) {
        return List.of(new ReadFileTool(), new WriteFileTool(), new ListDirTool(), new SearchTool(), new ApplyPatchTool());
    }
}
