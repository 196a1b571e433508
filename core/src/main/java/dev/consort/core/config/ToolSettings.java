package dev.consort.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tools}: the permission mode, the allow list, the sandbox and its limits.
 *
 * @param trust          true for {@code trust} mode, false for {@code manual}
 * @param allow          tools that run without asking in trust mode
 * @param sandboxRoot    the folder tools are confined to, as written (resolved by the runner)
 * @param timeout        the default time-out of a call
 * @param maxOutputBytes the default output cap of a call
 * @param envPass        environment variables a child process may see
 * @param section        the whole subtree, for tool providers' settings
 */
public record ToolSettings(boolean trust, List<String> allow, String sandboxRoot, Duration timeout, int maxOutputBytes,
                           List<String> envPass, LocatedConfig section) {

    static final Set<String> KEYS = Set.of("mode", "allow", "sandbox", "env", "settings", "rules", "providers");

    public ToolSettings {
        allow = List.copyOf(allow);
        envPass = List.copyOf(envPass);
    }

    static ToolSettings from(LocatedConfig c) {
        c.checkKeys(KEYS);
        String mode = c.string("mode").orElse("manual");
        if (!mode.equals("manual") && !mode.equals("trust")) {
            throw c.error("mode", "must be 'manual' or 'trust', got " + c.shownValue("mode"));
        }
        LocatedConfig sandbox = c.sectionOrEmpty("sandbox");
        sandbox.checkKeys(Set.of("root", "timeout", "max_output"));
        LocatedConfig env = c.sectionOrEmpty("env");
        env.checkKeys(Set.of("pass"));
        int maxOutput = sandbox.integer("max_output").orElse(64 * 1024);
        if (maxOutput <= 0) {
            throw sandbox.error("max_output", "must be positive");
        }
        return new ToolSettings(mode.equals("trust"), c.stringList("allow"), sandbox.string("root").orElse("."),
                sandbox.duration("timeout").orElse(Duration.ofSeconds(60)), maxOutput,
                env.has("pass") ? env.stringList("pass") : List.of("PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"),
                c);
    }

    /** The settings of one tool ({@code tools.settings.<name>}), as plain values. */
    public Map<String, Object> settingsOf(String tool) {
        return section.sectionOrEmpty("settings").sectionOrEmpty(tool).asMap();
    }
}
