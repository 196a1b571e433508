package dev.consort.core.config;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code personas}: a configured persona per backend, overriding the provider's default. */
public final class PersonaSettings {

    private PersonaSettings() {
    }

    static Map<String, Persona> from(LocatedConfig c, Set<String> configured) {
        Map<String, Persona> out = new LinkedHashMap<>();
        for (String name : c.keys()) {
            if (!configured.contains(name)) {
                throw new ConfigException(c.keyLocation(name), "personas." + name + ": no backend of that name is configured");
            }
            LocatedConfig p = c.sectionOrEmpty(name);
            p.checkKeys(Set.of("description", "system_prompt"));
            out.put(name, new Persona(p.string("description").orElse(""), p.requireString("system_prompt")));
        }
        return out;
    }
}
