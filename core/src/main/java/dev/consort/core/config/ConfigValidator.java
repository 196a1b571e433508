package dev.consort.core.config;

import dev.consort.core.plugin.LoadProblem;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.spi.backend.BackendProvider;
import dev.consort.spi.config.ConfigException;
import java.util.List;
import java.util.Optional;

/** Checks a configuration against the providers that loaded: every type must exist and accept its subtree. */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static void validate(ConsortConfig config, ProviderRegistry registry) {
        for (BackendSettings b : config.backends().values()) {
            Optional<BackendProvider> provider = registry.backend(b.type());
            if (provider.isEmpty()) {
                throw new ConfigException(b.config().locationOf("type"), "backends." + b.name()
                        + ": unknown backend type " + b.config().shownValue("type") + " (available: " + list(registry.backendTypes())
                        + ")" + problemsHint(registry.problems()));
            }
            try {
                provider.get().validate(b.config());
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(b.config().locationOf("type"), "backends." + b.name() + ": the '"
                        + b.type() + "' provider rejected its configuration: " + e.getMessage());
            }
        }
        String store = effectiveStore(config, registry);
        if (registry.store(store).isEmpty()) {
            throw new ConfigException(config.context().locationOf("store"), "context.store: unknown store type "
                    + (config.context().has("store") ? config.context().shownValue("store") : "'" + store + "'")
                    + " (available: " + list(registry.storeTypes()) + ")" + problemsHint(registry.problems()));
        }
        String policy = config.routing().policy();
        if (registry.policy(policy).isEmpty()) {
            throw new ConfigException(config.routing().section().locationOf("policy"), "routing.policy: unknown policy "
                    + (config.routing().section().has("policy") ? config.routing().section().shownValue("policy")
                    : "'" + policy + "'") + " (available: " + list(registry.policyTypes()) + ")" + problemsHint(registry.problems()));
        }
    }

    /** The store type: the configured one, else {@code sqlite} when a plugin provides it, else {@code memory}. */
    public static String effectiveStore(ConsortConfig config, ProviderRegistry registry) {
        return config.context().string("store")
                .orElse(registry.store("sqlite").isPresent() ? "sqlite" : "memory");
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList());
    }

    private static String problemsHint(List<LoadProblem> problems) {
        return problems.isEmpty() ? "" : "; " + problems.size() + " plugin(s) failed to load: run 'consort plugins'";
    }
}
