package dev.consort.backend.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.BackendProvider;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plugin as Consort loads it: its own module layer, found through ServiceLoader, exporting nothing. */
class AnthropicModuleLayerTest {

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void loadsInItsOwnModuleLayerAndExportsNothing() throws Exception {
        ModuleFinder finder = ModuleFinder.of(codeSource(AnthropicBackendProvider.class),
                codeSource(BackendProvider.class), codeSource(ObjectMapper.class), codeSource(JsonFactory.class),
                codeSource(JsonAutoDetect.class), codeSource(dev.consort.http.JsonEndpoint.class));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("dev.consort.backend.planner"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        ModuleDescriptor plugin = layer.findModule("dev.consort.backend.planner").orElseThrow().getDescriptor();
        assertTrue(plugin.exports().isEmpty(), "exports " + plugin.exports());
        assertTrue(plugin.requires().stream().map(ModuleDescriptor.Requires::name).toList()
                .containsAll(List.of("dev.consort.spi", "com.fasterxml.jackson.databind", "dev.consort.http")));

        @SuppressWarnings("unchecked")
        Class<Object> service = (Class<Object>) layer.findLoader("dev.consort.spi")
                .loadClass("dev.consort.spi.backend.BackendProvider");
        List<Object> providers = ServiceLoader.load(layer, service).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getModule().getLayer() == layer).toList();
        assertEquals(1, providers.size());
        assertEquals("anthropic", service.getMethod("type").invoke(providers.get(0)));
    }
}
