package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins built against the spi jar only, dropped into a plugins folder, seen through bin/consort. */
class PluginDropInIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path plugins() throws IOException {
        return Files.createDirectories(dir.resolve("plugins"));
    }

    private Path echoPlugin(Path target, String module, String type) throws IOException {
        return PluginJar.backend(module, type, "\"" + type + "\"", "", "")
                .against(Dist.spiJar()).manifest("Consort-Spi-Version", "1.0").build(target);
    }

    private JsonNode pluginsJson(Path pluginsDir) throws Exception {
        Dist.Result r = Dist.run(dir, "--plugins", pluginsDir.toString(), "plugins", "--json");
        assertEquals(0, r.exit(), r.all());
        return JSON.readTree(r.out());
    }

    private static List<String> all(JsonNode report, String field) {
        List<String> out = new ArrayList<>();
        report.get("plugins").forEach(p -> p.get(field).forEach(t -> out.add(t.asText())));
        return out;
    }

    private static List<String> problems(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("problems").forEach(p -> out.add(p.get("source").asText() + ": " + p.get("message").asText()));
        return out;
    }

    @Test
    void aPluginBuiltAgainstTheSpiJarOnlyIsListedAndItsTypeIsAcceptedByConfigCheck() throws Exception {
        echoPlugin(plugins().resolve("echo.jar"), "acme.echo", "echo");
        JsonNode report = pluginsJson(plugins());
        assertTrue(all(report, "backends").contains("echo"), report.toString());
        assertTrue(problems(report).isEmpty(), report.toString());

        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  mine: { type: echo, model: m1, greeting: "hi " }
                routing:
                  rules: { chat: [mine] }
                """);
        Dist.Result check = Dist.run(dir, "--plugins", plugins().toString(), "config", "check");
        assertEquals(0, check.exit(), check.all());
        assertTrue(check.out().startsWith("ok"), check.all());
    }

    @Test
    void anUnknownKeyInAPluginsSubtreeIsExitTwoWithFileLineAndColumn() throws Exception {
        echoPlugin(plugins().resolve("echo.jar"), "acme.echo", "echo");
        Files.writeString(dir.resolve("consort.yaml"), """
                backends:
                  mine:
                    type: echo
                    model: m1
                    temprature: 0.2
                """);
        Dist.Result check = Dist.run(dir, "--plugins", plugins().toString(), "config", "check");
        assertEquals(2, check.exit(), check.all());
        assertEquals("consort: consort.yaml:5:5: unknown key 'temprature' in backends.mine (known: greeting, model)",
                check.err().strip());
    }

    @Test
    void anUnknownTopLevelKeyIsExitTwoWithOneLine() throws Exception {
        Files.writeString(dir.resolve("consort.yaml"), "routing:\n  policy: rules\nbudgetz: {}\n");
        Dist.Result check = Dist.run(dir, "config", "check");
        assertEquals(2, check.exit(), check.all());
        assertEquals(1, check.err().strip().lines().count(), check.err());
        assertTrue(check.err().startsWith("consort: consort.yaml:3:1: unknown key 'budgetz'"), check.err());
    }

    @Test
    void twoPluginsBundlingDifferentVersionsOfOneLibraryBothLoad() throws Exception {
        for (String v : List.of("1", "2")) {
            Path folder = plugins().resolve("plugin-" + v);
            Path lib = new PluginJar()
                    .source("module-info.java", "module acme.lib { exports acme.lib; }")
                    .source("acme/lib/Lib.java", "package acme.lib; public final class Lib {"
                            + " public static String version() { return \"" + v + "\"; } }")
                    .build(folder.resolve("acme-lib-" + v + ".jar"));
            String module = "acme.p" + v;
            PluginJar.backend(module, "p" + v, "\"lib-v\" + acme.lib.Lib.version()", "requires acme.lib;", "")
                    .against(Dist.spiJar()).against(lib).build(folder.resolve(module + ".jar"));
        }
        JsonNode report = pluginsJson(plugins());
        assertTrue(problems(report).isEmpty(), report.toString());
        List<String> types = all(report, "backends");
        assertTrue(types.contains("lib-v1") && types.contains("lib-v2"), types.toString());
    }

    @Test
    void aCorruptJarIsOneProblemLineAndTheOthersStillLoad() throws Exception {
        Files.write(plugins().resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 'n', 'o', 'p', 'e'});
        echoPlugin(plugins().resolve("echo.jar"), "acme.echo", "echo");
        Dist.Result r = Dist.run(dir, "--plugins", plugins().toString(), "plugins");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("echo"), r.all());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("problem: ") && lines.get(0).contains("broken.jar"), r.err());
    }

    @Test
    void twoProvidersOfOneTypeAreRefusedNamingBoth() throws Exception {
        echoPlugin(plugins().resolve("a.jar"), "acme.a", "same");
        echoPlugin(plugins().resolve("b.jar"), "acme.b", "same");
        List<String> problems = problems(pluginsJson(plugins()));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("b.jar") && problems.get(0).contains("a.jar")
                && problems.get(0).contains("'same'"), problems.toString());
    }

    @Test
    void aMissingRequiredModuleIsNamed() throws Exception {
        Path folder = plugins().resolve("needy");
        Path lib = new PluginJar().source("module-info.java", "module acme.gone { exports acme.gone; }")
                .source("acme/gone/G.java", "package acme.gone; public final class G { }")
                .build(dir.resolve("elsewhere/acme-gone.jar"));
        PluginJar.backend("acme.needy", "needy", "\"needy\"", "requires acme.gone;", "")
                .against(Dist.spiJar()).against(lib).build(folder.resolve("needy.jar"));
        List<String> problems = problems(pluginsJson(plugins()));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("needy") && problems.get(0).contains("acme.gone"), problems.toString());
    }

    @Test
    void aProviderWhoseConstructorThrowsIsReportedAndSkipped() throws Exception {
        PluginJar.backend("acme.bad", "bad", "\"bad\"", "", "if (true) throw new IllegalStateException(\"no licence\");")
                .against(Dist.spiJar()).build(plugins().resolve("bad.jar"));
        echoPlugin(plugins().resolve("echo.jar"), "acme.echo", "echo");
        JsonNode report = pluginsJson(plugins());
        List<String> problems = problems(report);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("bad.jar") && problems.get(0).contains("no licence"), problems.toString());
        assertTrue(all(report, "backends").contains("echo"));
    }

    @Test
    void aPluginBuiltForAnotherSpiMajorIsRefusedInOneLine() throws Exception {
        PluginJar.backend("acme.future", "future", "\"future\"", "", "")
                .against(Dist.spiJar()).manifest("Consort-Spi-Version", "2.0").build(plugins().resolve("future.jar"));
        JsonNode report = pluginsJson(plugins());
        List<String> problems = problems(report);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("SPI 2.0"), problems.toString());
        assertFalse(all(report, "backends").contains("future"));
    }

    @Test
    void configNeedingAFailedPluginIsExitTwoAndPointsAtThePluginsCommand() throws Exception {
        PluginJar.backend("acme.future", "future", "\"future\"", "", "")
                .against(Dist.spiJar()).manifest("Consort-Spi-Version", "2.0").build(plugins().resolve("future.jar"));
        Files.writeString(dir.resolve("consort.yaml"), "backends:\n  f: { type: future, model: x }\n");
        Dist.Result r = Dist.run(dir, "--plugins", plugins().toString(), "config", "check");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("consort.yaml:2:") && r.err().contains("unknown backend type 'future'")
                && r.err().contains("consort plugins"), r.err());
    }
}
