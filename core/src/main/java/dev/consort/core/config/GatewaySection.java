package dev.consort.core.config;

import dev.consort.core.api.GatewaySettings;
import dev.consort.spi.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds the {@code gateway} section onto {@link GatewaySettings}. Client keys are read as hashes only. */
final class GatewaySection {

    static final Set<String> KEYS = Set.of("bind", "port", "max_body", "aliases", "clients");
    private static final Set<String> CLIENT_KEYS = Set.of("key", "budget", "rate_limit");

    private GatewaySection() {
    }

    static GatewaySettings from(LocatedConfig c, Set<String> backends, Set<String> taskTypes) {
        c.checkKeys(KEYS);
        String bind = c.string("bind").map(String::trim).orElse(GatewaySettings.DEFAULTS.bind());
        if (bind.isEmpty()) {
            throw c.error("bind", "must be an address such as 127.0.0.1");
        }
        int port = c.integer("port").orElse(GatewaySettings.DEFAULT_PORT);
        if (port < 0 || port > 65_535) {
            throw c.error("port", "must be a port number 0..65535, got " + port);
        }
        long maxBody = c.longValue("max_body").orElse(GatewaySettings.DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0) {
            throw c.error("max_body", "must be positive, such as 4MiB");
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        LocatedConfig a = c.sectionOrEmpty("aliases");
        for (String alias : a.keys()) {
            String target = a.requireString(alias).trim();
            boolean task = target.startsWith("task:") && target.length() > "task:".length();
            if (!task && !backends.contains(target)) {
                throw a.error(alias, "must name a backend (" + String.join(", ", new java.util.TreeSet<>(backends))
                        + ") or a task type as task:TYPE, got " + a.shownValue(alias));
            }
            aliases.put(alias, target);
        }
        List<GatewaySettings.Client> clients = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        LocatedConfig cs = c.sectionOrEmpty("clients");
        for (String name : cs.keys()) {
            LocatedConfig one = cs.mapping(name).map(m -> new LocatedConfig(cs.path() + "." + name, m, null))
                    .orElseThrow(() -> new ConfigException(cs.keyLocation(name), cs.path() + "." + name
                            + " must be a mapping with at least a key"));
            one.checkKeys(CLIENT_KEYS);
            String key = one.requireString("key").trim();
            if (!key.matches("sha256:[0-9a-fA-F]{64}")) {
                // Never quote the value: it may be the key itself, pasted by mistake.
                throw one.error("key", "must be the key's hash, sha256: and 64 hex digits (make it with"
                        + " `printf %s \"$KEY\" | sha256sum`); the key itself is never stored");
            }
            String hash = key.substring("sha256:".length()).toLowerCase(java.util.Locale.ROOT);
            if (!hashes.add(hash)) {
                throw one.error("key", "is the same key as another client's");
            }
            GatewaySettings.Budget budget = one.mapping("budget").isPresent() ? budget(one.sectionOrEmpty("budget")) : null;
            GatewaySettings.RateLimit rate = one.mapping("rate_limit").isPresent()
                    ? rateLimit(one.sectionOrEmpty("rate_limit")) : null;
            clients.add(new GatewaySettings.Client(name, hash, budget, rate));
        }
        return new GatewaySettings(bind, port, maxBody, aliases, clients, List.copyOf(taskTypes));
    }

    private static GatewaySettings.Budget budget(LocatedConfig c) {
        BudgetLimit b = BudgetLimit.from(c);
        return new GatewaySettings.Budget(b.usd(), b.requests(), b.tokens(), b.period());
    }

    private static GatewaySettings.RateLimit rateLimit(LocatedConfig c) {
        c.checkKeys(Set.of("requests", "per"));
        int requests = c.integer("requests").orElseThrow(() -> c.error("requests", "is required (for example 60)"));
        if (requests <= 0) {
            throw c.error("requests", "must be positive, got " + requests);
        }
        Duration per = c.duration("per").orElse(Duration.ofMinutes(1));
        if (per.isZero() || per.isNegative()) {
            throw c.error("per", "must be a positive duration such as 1m");
        }
        return new GatewaySettings.RateLimit(requests, per);
    }
}
