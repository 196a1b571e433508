package dev.consort.core.plugin;

import dev.consort.spi.backend.BackendProvider;

/** Registries with providers a test made, beside the built-in ones of the class path. */
public final class TestRegistries {

    private TestRegistries() {
    }

    public static ProviderRegistry withBackends(BackendProvider... providers) {
        ProviderRegistry r = PluginLoader.load(null, "plugins");
        for (BackendProvider p : providers) {
            if (r.claim(ProviderKind.BACKEND, p.type(), "test")) {
                r.addBackend(p);
            }
        }
        return r;
    }
}
