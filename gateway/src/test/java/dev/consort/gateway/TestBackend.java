package dev.consort.gateway;

import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.util.List;

/** What the gateway's test backends share: a name, a type and its model, a large window, words as tokens. */
abstract class TestBackend implements LLMBackend {

    private final String name;
    private final String type;

    TestBackend(String name, String type) {
        this.name = name;
        this.type = type;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String model() {
        return type + "-model";
    }

    @Override
    public Persona persona() {
        return Persona.NONE;
    }

    @Override
    public int contextWindow() {
        return 100_000;
    }

    @Override
    public int maxOutputTokens() {
        return 1000;
    }

    @Override
    public int countTokens(List<Message> messages) {
        return messages.stream().mapToInt(m -> m.content().split("\\s+").length).sum();
    }

    @Override
    public void resetContext() {
        // nothing is kept between calls
    }

    @Override
    public UsageStats usage() {
        return UsageStats.ZERO;
    }
}
