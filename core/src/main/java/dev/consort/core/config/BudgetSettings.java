package dev.consort.core.config;

import dev.consort.spi.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code budgets}: one for the project, one per backend; each enforced before a call.
 *
 * @param project  the project's budget, or null
 * @param backends budgets by backend name
 */
public record BudgetSettings(BudgetLimit project, Map<String, BudgetLimit> backends) {

    public BudgetSettings {
        backends = Map.copyOf(backends);
    }

    static BudgetSettings from(LocatedConfig c, Set<String> configured) {
        c.checkKeys(Set.of("project", "backends"));
        BudgetLimit project = c.mapping("project").isPresent() ? BudgetLimit.from(c.sectionOrEmpty("project")) : null;
        Map<String, BudgetLimit> per = new LinkedHashMap<>();
        LocatedConfig b = c.sectionOrEmpty("backends");
        for (String name : b.keys()) {
            if (!configured.contains(name)) {
                throw new ConfigException(b.keyLocation(name), "budgets.backends." + name
                        + ": no backend of that name is configured");
            }
            per.put(name, BudgetLimit.from(b.sectionOrEmpty(name)));
        }
        return new BudgetSettings(project, per);
    }
}
