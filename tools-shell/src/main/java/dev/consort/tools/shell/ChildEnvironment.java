package dev.consort.tools.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a child process gets: exactly what the tool context allows, minus, as a second line of
 * defence, any variable whose name looks like a secret ({@code KEY}, {@code SECRET}, {@code TOKEN},
 * {@code PASSWORD}) unless the tool's {@code allow_env} setting names it.
 */
final class ChildEnvironment {

    /** The setting that lists variables the secret-name check lets through. */
    static final String ALLOW_SETTING = "allow_env";

    private static final List<String> SECRET_WORDS = List.of("KEY", "SECRET", "TOKEN", "PASSWORD");

    private ChildEnvironment() {
    }

    static Map<String, String> of(Map<String, String> allowed, Map<String, Object> settings) {
        Set<String> exempt = Set.copyOf(ToolSettings.stringList(settings, ALLOW_SETTING));
        Map<String, String> env = new LinkedHashMap<>();
        allowed.forEach((name, value) -> {
            if (exempt.contains(name) || !looksSecret(name)) {
                env.put(name, value);
            }
        });
        return env;
    }

    static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(upper::contains);
    }
}
