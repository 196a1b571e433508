package dev.consort.spi.tool;

/**
 * One action a model may ask for: read a file, run a command. Implementations are thread-safe.
 *
 * @since 1.0
 */
public interface Tool {

    /**
     * The name models call it by. Unique across loaded plugins.
     *
     * @return the name; never null, {@code [a-z][a-z0-9_]*}
     */
    String name();

    /**
     * What it does, for the model.
     *
     * @return the description; never null
     */
    String description();

    /**
     * A JSON Schema of its arguments (an object schema), as JSON text. The runner validates
     * arguments against it before {@link #invoke} is called.
     *
     * @return the schema; never null
     */
    String parametersSchema();

    /**
     * What it does to the world.
     *
     * @return the effect; never null
     */
    ToolEffect effect();

    /**
     * Runs the tool.
     *
     * @param argumentsJson the arguments, a JSON object already validated against the schema; not null
     * @param context       the sandbox and limits of this call; not null
     * @return the result; never null
     * @throws ToolException when the call cannot run as asked
     */
    ToolResult invoke(String argumentsJson, ToolContext context);
}
