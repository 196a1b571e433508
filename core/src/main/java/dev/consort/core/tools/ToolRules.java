package dev.consort.core.tools;

import dev.consort.core.config.LocatedConfig;
import dev.consort.spi.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tools.rules}: a list of rules, each {@code {allow|ask|deny: PATTERN, match: [...], not_match:
 * [...]}}. Deny wins over ask, ask over allow. The {@code match} and {@code not_match} example calls are
 * checked when the configuration loads: a rule that does not behave as its own examples say is a
 * configuration error, so rules prove themselves instead of silently not applying.
 */
public final class ToolRules {

    private static final Pattern CALL = Pattern.compile("([a-z][a-z0-9_]*)(?:\\((.*)\\))?", Pattern.DOTALL);
    private static final List<String> ORDER = List.of("deny", "ask", "allow");

    private final List<ToolRule> rules;

    private ToolRules(List<ToolRule> rules) {
        this.rules = List.copyOf(rules);
    }

    static ToolRules none() {
        return new ToolRules(List.of());
    }

    public static ToolRules from(LocatedConfig tools) {
        List<ToolRule> rules = new ArrayList<>();
        Optional<dev.consort.core.config.ConfigNode> node = Optional.ofNullable(tools.node().entries().get("rules"));
        if (node.isEmpty()) {
            return none();
        }
        if (!(node.get() instanceof dev.consort.core.config.ConfigNode.Sequence seq)) {
            throw new ConfigException(node.get().location().toString(), "tools.rules must be a list of rules such as"
                    + " '- deny: run_command(git push:*)'");
        }
        int i = 0;
        for (dev.consort.core.config.ConfigNode item : seq.items()) {
            String where = item.location().toString();
            if (!(item instanceof dev.consort.core.config.ConfigNode.Mapping m)) {
                throw new ConfigException(where, "tools.rules[" + i + "] must be a mapping with allow, ask or deny");
            }
            LocatedConfig r = new LocatedConfig("tools.rules[" + i + "]", m, java.nio.file.Path.of("/"));
            r.checkKeys(Set.of("allow", "ask", "deny", "match", "not_match"));
            List<String> verdicts = ORDER.stream().filter(r::has).toList();
            if (verdicts.size() != 1) {
                throw new ConfigException(where, "tools.rules[" + i + "] needs exactly one of allow, ask, deny");
            }
            String verdict = verdicts.get(0);
            ToolRule rule;
            try {
                rule = ToolRule.parse(verdict, r.requireString(verdict), r.locationOf(verdict));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.locationOf(verdict), "tools.rules[" + i + "]: " + e.getMessage());
            }
            for (String example : r.stringList("match")) {
                if (!covers(rule, example)) {
                    throw new ConfigException(r.locationOf("match"), "tools.rules[" + i + "] '" + rule.text()
                            + "' does not match its own example '" + example + "'");
                }
            }
            for (String example : r.stringList("not_match")) {
                if (covers(rule, example)) {
                    throw new ConfigException(r.locationOf("not_match"), "tools.rules[" + i + "] '" + rule.text()
                            + "' matches '" + example + "', which its not_match says it must not");
                }
            }
            rules.add(rule);
            i++;
        }
        return new ToolRules(rules);
    }

    private static boolean covers(ToolRule rule, String example) {
        Matcher m = CALL.matcher(example.trim());
        if (!m.matches()) {
            return false;
        }
        return rule.covers(m.group(1), m.group(2) == null ? "" : m.group(2));
    }

    /** The strongest rule covering a call (deny, then ask, then allow), if any. */
    Optional<ToolRule> decide(String tool, String subject) {
        for (String verdict : ORDER) {
            for (ToolRule r : rules) {
                if (r.verdict().equals(verdict) && r.covers(tool, subject)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
