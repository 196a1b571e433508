package dev.consort.tools.shell;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolProvider;
import java.util.List;
import java.util.Set;

/**
 * Supplies the process tools under type {@code shell}: {@code run_command} and {@code run_tests}. The family
 * has no configuration keys; each tool reads its settings ({@code tools.settings.<tool>}) per call:
 * {@code allow_env} (both: variables let through despite a secret-looking name), {@code command} and
 * {@code reports} (run_tests).
 */
public final class ShellToolProvider implements ToolProvider {

    /** Creates the provider; does no work. */
    public ShellToolProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code shell}
     */
    @Override
    public String type() {
        return "shell";
    }

    @Override
    public Set<String> toolNames() {
        return Set.of("run_command", "run_tests");
    }

    @Override
    public List<Tool> create(PluginConfig config, PluginContext context) {
        return List.of(new RunCommandTool(), new RunTestsTool());
    }
}
