package dev.consort.spi.tool;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.PluginContext;
import java.util.List;
import java.util.Set;

/**
 * Supplies a family of tools. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations have a public no-argument constructor that does no work.
 *
 * @since 1.0
 */
public interface ToolProvider {

    /**
     * The family's name ({@code fs}, {@code shell}); its settings are {@code tools.providers.<name>}.
     *
     * @return the name; never null
     */
    String type();

    /**
     * The names of the tools {@link #create} returns, known without creating them.
     *
     * @return the names; never null
     */
    Set<String> toolNames();

    /**
     * Creates the tools.
     *
     * @param config  this family's configuration subtree (empty when not configured); not null
     * @param context what the engine offers plugins; not null
     * @return the tools, one per name in {@link #toolNames()}; never null
     * @throws dev.consort.spi.config.ConfigException when the configuration is invalid
     */
    List<Tool> create(PluginConfig config, PluginContext context);
}
