package dev.consort.tools.shell;

import java.util.Map;
import java.util.Objects;

/**
 * One failed or broken test case.
 *
 * @param name    {@code class.method}; not null
 * @param message the failure's message (first line of its text when it has no message attribute); not null
 * @param error   true for an error (an unexpected exception), false for a failed assertion
 */
record TestFailure(String name, String message, boolean error) {

    TestFailure {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(message, "message is null");
    }

    Map<String, Object> asData() {
        return Map.of("name", name, "message", message);
    }
}
