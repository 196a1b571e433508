package dev.consort.spi.chat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One request to a backend, provider-neutral.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()} or {@link #of(List)}.
 *
 * @param messages       the conversation, oldest first; not empty
 * @param maxTokens      the most output tokens wanted, or 0 for the backend's default; not negative
 * @param temperature    sampling temperature, or {@code NaN} for the backend's default; else 0..2
 * @param tools          tools the model may call; never null
 * @param responseFormat the wanted shape; never null ({@link ResponseFormat#TEXT} by default)
 * @param stop           stop sequences; never null
 * @param hints          provider-specific options by name (for example {@code reasoning_effort},
 *                       {@code thinking_budget}); never null. Backends ignore hints they do not know.
 * @since 1.0
 */
public record ChatRequest(List<Message> messages, int maxTokens, double temperature, List<ToolSpec> tools,
                          ResponseFormat responseFormat, List<String> stop, Map<String, String> hints) {

    /** Validates and copies the components. */
    public ChatRequest {
        messages = Checks.copy(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages is empty");
        }
        Checks.notNegative(maxTokens, "maxTokens");
        if (!Double.isNaN(temperature) && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
        tools = Checks.copy(tools, "tools");
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        stop = Checks.copy(stop, "stop");
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    /**
     * A request with defaults for everything but the messages.
     *
     * @param messages the conversation; not empty
     * @return the request
     */
    public static ChatRequest of(List<Message> messages) {
        return new ChatRequest(messages, 0, Double.NaN, List.of(), ResponseFormat.TEXT, List.of(), Map.of());
    }

    /**
     * The output limit, if one was asked for.
     *
     * @return the limit, or empty for the backend's default
     */
    public OptionalInt maxTokensIfSet() {
        return maxTokens > 0 ? OptionalInt.of(maxTokens) : OptionalInt.empty();
    }

    /**
     * The temperature, if one was asked for.
     *
     * @return the temperature, or empty for the backend's default
     */
    public OptionalDouble temperatureIfSet() {
        return Double.isNaN(temperature) ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /**
     * A hint's value.
     *
     * @param name the hint's name; not null
     * @return its value, if given
     */
    public Optional<String> hint(String name) {
        return Optional.ofNullable(hints.get(Objects.requireNonNull(name, "name is null")));
    }

    /**
     * This request with other messages.
     *
     * @param newMessages the messages; not empty
     * @return a copy
     */
    public ChatRequest withMessages(List<Message> newMessages) {
        return new ChatRequest(newMessages, maxTokens, temperature, tools, responseFormat, stop, hints);
    }

    /**
     * A builder to change this request.
     *
     * @return a builder holding this request's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages = messages;
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.tools = tools;
        b.responseFormat = responseFormat;
        b.stop = stop;
        b.hints = hints;
        return b;
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ChatRequest}. Not thread-safe. */
    public static final class Builder {
        private List<Message> messages = List.of();
        private int maxTokens;
        private double temperature = Double.NaN;
        private List<ToolSpec> tools = List.of();
        private ResponseFormat responseFormat = ResponseFormat.TEXT;
        private List<String> stop = List.of();
        private Map<String, String> hints = Map.of();

        private Builder() {
        }

        /**
         * Sets the messages.
         *
         * @param value the conversation
         * @return this builder
         */
        public Builder messages(List<Message> value) {
            this.messages = value;
            return this;
        }

        /**
         * Sets the output limit.
         *
         * @param value tokens, 0 for the default
         * @return this builder
         */
        public Builder maxTokens(int value) {
            this.maxTokens = value;
            return this;
        }

        /**
         * Sets the temperature.
         *
         * @param value 0..2, or NaN for the default
         * @return this builder
         */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /**
         * Sets the tools.
         *
         * @param value the tools
         * @return this builder
         */
        public Builder tools(List<ToolSpec> value) {
            this.tools = value;
            return this;
        }

        /**
         * Sets the response format.
         *
         * @param value the format
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat value) {
            this.responseFormat = value;
            return this;
        }

        /**
         * Sets the stop sequences.
         *
         * @param value the sequences
         * @return this builder
         */
        public Builder stop(List<String> value) {
            this.stop = value;
            return this;
        }

        /**
         * Sets the hints.
         *
         * @param value the hints
         * @return this builder
         */
        public Builder hints(Map<String, String> value) {
            this.hints = value;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException when a value is invalid
         */
        public ChatRequest build() {
            return new ChatRequest(messages, maxTokens, temperature, tools, responseFormat, stop, hints);
        }
    }
}
