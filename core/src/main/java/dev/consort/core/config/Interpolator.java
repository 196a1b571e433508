package dev.consort.core.config;

import dev.consort.spi.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} in every scalar of a tree: from the
 * environment first, then from the credentials file. {@code $${} stands for a literal {@code ${}.
 * A value that took anything from the credentials file, or from a variable whose name looks secret,
 * is marked secret.
 */
public final class Interpolator {

    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|SECRET|TOKEN|PASSWORD|PASSWD).*");

    private final Function<String, String> environment;
    private final CredentialsFile credentials;

    public Interpolator(Function<String, String> environment, CredentialsFile credentials) {
        this.environment = environment;
        this.credentials = credentials;
    }

    /** The tree with every reference resolved. */
    public ConfigNode.Mapping resolve(ConfigNode.Mapping root) {
        return (ConfigNode.Mapping) resolveNode(root);
    }

    private ConfigNode resolveNode(ConfigNode node) {
        return switch (node) {
            case ConfigNode.Scalar s -> resolveScalar(s);
            case ConfigNode.Sequence q -> {
                List<ConfigNode> items = new ArrayList<>();
                for (ConfigNode item : q.items()) {
                    items.add(resolveNode(item));
                }
                yield new ConfigNode.Sequence(items, q.location());
            }
            case ConfigNode.Mapping m -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> entries.put(k, resolveNode(v)));
                yield new ConfigNode.Mapping(entries, m.keyLocations(), m.location());
            }
        };
    }

    private ConfigNode.Scalar resolveScalar(ConfigNode.Scalar s) {
        String value = s.value();
        if (value == null || !value.contains("${")) {
            return s;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        boolean secret = s.secret();
        while (m.find()) {
            if (m.group().equals("$${")) {
                m.appendReplacement(out, Matcher.quoteReplacement("${"));
                continue;
            }
            String name = m.group(1);
            String fallback = m.group(2);
            String resolved = environment.apply(name);
            if (resolved != null && SECRET_NAME.matcher(name).matches()) {
                secret = true;
            }
            if (resolved == null) {
                Optional<String> fromFile = credentials.lookup(name);
                if (fromFile.isPresent()) {
                    resolved = fromFile.get();
                    secret = true;
                }
            }
            if (resolved == null) {
                if (fallback == null) {
                    throw new ConfigException(s.location().toString(), "${" + name + "} is not set: export "
                            + name + " or add it to " + credentials.shownPath()
                            + " (or write ${" + name + ":-default})");
                }
                resolved = fallback;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return new ConfigNode.Scalar(out.toString(), s.location(), secret);
    }
}
