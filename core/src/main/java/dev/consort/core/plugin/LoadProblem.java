package dev.consort.core.plugin;

/** A plugin or provider refused while loading: where, and one line of what and what to do. */
public record LoadProblem(String source, String message) {

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
