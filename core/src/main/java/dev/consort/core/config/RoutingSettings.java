package dev.consort.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code routing}: the policy, its rules, retries, cool-down, and what a stream that fails after
 * partial output does.
 *
 * @param policy         the routing policy type ({@code rules} by default)
 * @param section        the whole subtree, for the policy provider
 * @param rules          task type to ordered candidates
 * @param retry          retry settings
 * @param cooldown       cool-down settings
 * @param streamRestart  true: restart a failed partial stream on the next candidate (with a
 *                       {@code restarted} chunk); false: end it with an error chunk
 */
public record RoutingSettings(String policy, LocatedConfig section, Map<String, List<String>> rules,
                              RetrySettings retry, CooldownSettings cooldown, boolean streamRestart) {

    static final Set<String> KEYS = Set.of("policy", "rules", "retry", "cooldown", "on_partial_stream_failure");

    public RoutingSettings {
        rules = Map.copyOf(rules);
    }

    static RoutingSettings from(LocatedConfig c, Set<String> backends) {
        c.checkKeys(KEYS);
        Map<String, List<String>> rules = new LinkedHashMap<>();
        LocatedConfig r = c.sectionOrEmpty("rules");
        for (String type : r.keys()) {
            List<String> candidates = r.stringList(type);
            for (String b : candidates) {
                if (!backends.contains(b)) {
                    throw new dev.consort.spi.config.ConfigException(r.locationOf(type), "routing.rules." + type
                            + " names backend '" + b + "', which is not configured (backends: "
                            + (backends.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(backends))) + ")");
                }
            }
            rules.put(type, List.copyOf(candidates));
        }
        String onPartial = c.string("on_partial_stream_failure").orElse("error");
        if (!onPartial.equals("error") && !onPartial.equals("restart")) {
            throw c.error("on_partial_stream_failure", "must be 'error' or 'restart', got "
                    + c.shownValue("on_partial_stream_failure"));
        }
        return new RoutingSettings(c.string("policy").orElse("rules"), c, rules,
                RetrySettings.from(c.sectionOrEmpty("retry")), CooldownSettings.from(c.sectionOrEmpty("cooldown")),
                onPartial.equals("restart"));
    }
}
