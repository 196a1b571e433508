package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The located view core and plugins read their settings through. */
class LocatedConfigTest {

    private static final Path HOME = Path.of("/home/someone");
    private static final String FILE = "/srv/app/conf/consort.yaml";

    private static LocatedConfig config(String yaml) {
        return new LocatedConfig("backends.fast", YamlTreeReader.read(new StringReader(yaml), FILE), HOME);
    }

    private static ConfigException fails(org.junit.jupiter.api.function.Executable e) {
        ConfigException x = assertThrows(ConfigException.class, e);
        Workspace.assertOneLine(x);
        return x;
    }

    @Test
    void pathExpandsTheHomeFolder() {
        LocatedConfig c = config("a: ~/models/x.gguf\nb: \"~\"\n");
        assertEquals(Optional.of(HOME.resolve("models/x.gguf")), c.path("a"));
        assertEquals(Optional.of(HOME), c.path("b"));
    }

    @Test
    void relativePathsResolveAgainstTheConfigFilesFolder() {
        LocatedConfig c = config("a: models/x.gguf\nb: ../data/y\nc: /abs/./z\n");
        assertEquals(Optional.of(Path.of("/srv/app/conf/models/x.gguf")), c.path("a"));
        assertEquals(Optional.of(Path.of("/srv/app/data/y")), c.path("b"));
        assertEquals(Optional.of(Path.of("/abs/z")), c.path("c"));
        assertEquals(Optional.empty(), c.path("missing"));
    }

    @Test
    void relativePathsInTheGlobalFileResolveAgainstItsFolder() {
        LocatedConfig c = new LocatedConfig("x", YamlTreeReader.read(new StringReader("a: models/m.gguf\n"),
                "~/.config/consort/config.yaml"), HOME);
        assertEquals(Optional.of(HOME.resolve(".config/consort/models/m.gguf")), c.path("a"));
    }

    /**
     * Known bug: the project file is shown relative to the working directory ("consort.yaml"), and
     * LocatedConfig resolves that name against the process's current directory rather than the
     * working directory the configuration was loaded for, so an embedding application that sets
     * Consort.builder().workingDir(...) gets relative paths resolved in the wrong folder.
     */
    @Test
    void relativePathsInTheProjectFileResolveAgainstTheProjectFolder(@TempDir Path tmp) {
        Workspace ws = new Workspace(tmp);
        ws.project("tools:\n  settings:\n    t:\n      v: models/x.gguf\n");
        ConsortConfig cfg = ws.load();
        PluginConfig t = cfg.tools().section().sectionOrEmpty("settings").sectionOrEmpty("t");
        assertEquals(Optional.of(ws.work.resolve("models/x.gguf")), t.path("v"));
    }

    /**
     * Known bug: Jackson's YAML parser gives an empty plain value ({@code key:} with nothing after it)
     * as an empty string, not as null, so a section whose children are all commented out
     * ({@code routing:} alone) is refused with "routing must be a mapping, found a value".
     */
    @Test
    void anEmptyValueCountsAsNotGivenAndASectionWithEveryChildCommentedOutIsEmpty() {
        LocatedConfig c = config("empty:\nsection:\n  # all commented out\n");
        assertFalse(c.has("empty"));
        assertEquals(Optional.empty(), c.section("section"));
        assertEquals(List.of(), c.stringList("empty"));
    }

    @Test
    void anEmptyValueIsAnEmptyString() {
        LocatedConfig c = config("empty:\nquoted: ''\n");
        assertEquals(Optional.of(""), c.string("empty"));
        assertEquals(Optional.of(""), c.string("quoted"));
    }

    @Test
    void readsScalarsOfEveryType() {
        LocatedConfig c = config("""
                s: text
                i: 42
                big: 64KiB
                neg: -3
                d: 0.75
                yes: on
                no: false
                t: 30s
                list: [a, b]
                one: single
                empty: ~
                """);
        assertEquals(Optional.of("text"), c.string("s"));
        assertEquals(OptionalInt.of(42), c.integer("i"));
        assertEquals(OptionalLong.of(65536), c.longValue("big"));
        assertEquals(OptionalInt.of(-3), c.integer("neg"));
        assertEquals(OptionalDouble.of(0.75), c.decimal("d"));
        assertEquals(Optional.of(true), c.bool("yes"));
        assertEquals(Optional.of(false), c.bool("no"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), c.duration("t"));
        assertEquals(List.of("a", "b"), c.stringList("list"));
        assertEquals(List.of("single"), c.stringList("one"));
        assertEquals(List.of(), c.stringList("empty"));
        assertEquals(Optional.empty(), c.string("empty"));
        assertFalse(c.has("empty"));
        assertTrue(c.has("s"));
        assertEquals(OptionalInt.empty(), c.integer("absent"));
        assertEquals(Optional.of(Secret.of("text")), c.secret("s"));
    }

    @Test
    void conversionErrorsNameTheKeyAndPointAtTheValue() {
        LocatedConfig c = config("n: lots\nd: abc\nb: maybe\nt: soon\nbig: 3000000000\ninf: .inf\n");
        assertEquals("/srv/app/conf/consort.yaml:1:4: backends.fast.n must be a whole number (suffixes k, M, KiB, "
                + "MiB allowed), got 'lots'", fails(() -> c.integer("n")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:2:4: backends.fast.d must be a number, got 'abc'",
                fails(() -> c.decimal("d")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:3:4: backends.fast.b must be true or false, got 'maybe'",
                fails(() -> c.bool("b")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:4:4", fails(() -> c.duration("t")).location());
        assertTrue(fails(() -> c.integer("big")).getMessage().contains("too large"));
        assertEquals("/srv/app/conf/consort.yaml:6:6", fails(() -> c.decimal("inf")).location());
    }

    @Test
    void shapeErrorsAreLocated() {
        LocatedConfig c = config("m:\n  a: 1\ns: x\n");
        assertEquals("/srv/app/conf/consort.yaml:2:3: backends.fast.m must be a plain value, found a mapping",
                fails(() -> c.string("m")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:3:4: backends.fast.s must be a mapping, found a value",
                fails(() -> c.section("s")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:2:3: backends.fast.m must be a list, found a mapping",
                fails(() -> c.stringList("m")).getMessage());
    }

    @Test
    void requireStringRefusesMissingAndBlankValues() {
        LocatedConfig c = config("model: \" \"\n");
        assertEquals("/srv/app/conf/consort.yaml:1:8: backends.fast.model is required",
                fails(() -> c.requireString("model")).getMessage());
        assertEquals("/srv/app/conf/consort.yaml:1:1: backends.fast.url is required",
                fails(() -> c.requireString("url")).getMessage());
    }

    @Test
    void checkKeysAllowsTypeAndNamesTheUnknownKey() {
        LocatedConfig c = config("type: openai\nmodel: m\nmodle: n\n");
        assertEquals("/srv/app/conf/consort.yaml:3:1: unknown key 'modle' in backends.fast (known: api_key, model)",
                fails(() -> c.checkKeys(Set.of("model", "api_key"))).getMessage());
        c.checkKeys(Set.of());
        config("type: openai\nmodel: m\n").checkKeys(Set.of("model"));
    }

    @Test
    void nestedSectionsKnowTheirPath() {
        LocatedConfig c = config("options:\n  num_ctx: nope\n");
        PluginConfig options = c.section("options").orElseThrow();
        assertEquals("backends.fast.options", options.path());
        assertEquals("/srv/app/conf/consort.yaml:2:12: backends.fast.options.num_ctx must be a whole number "
                + "(suffixes k, M, KiB, MiB allowed), got 'nope'", fails(() -> options.integer("num_ctx")).getMessage());
        assertEquals(Optional.empty(), c.section("absent"));
        assertEquals("backends.fast.absent", c.sectionOrEmpty("absent").path());
    }

    @Test
    void asMapGivesPlainValues() {
        LocatedConfig c = config("a: 1\nb: [x, y]\nc:\n  d: e\n");
        assertEquals(Map.of("a", "1", "b", List.of("x", "y"), "c", Map.of("d", "e")), c.asMap());
    }

    @Test
    void aWrongTypedSecretValueIsNotShownInTheError() {
        ConfigNode.Mapping node = new ConfigNode.Mapping(
                Map.of("port", new ConfigNode.Scalar("sk-hidden-123", new Location("consort.yaml", 3, 9), true)),
                Map.of("port", new Location("consort.yaml", 3, 3)), new Location("consort.yaml", 1, 1));
        LocatedConfig c = new LocatedConfig("backends.fast", node, HOME);
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                () -> c.integer("port"), () -> c.decimal("port"), () -> c.bool("port"), () -> c.duration("port"))) {
            ConfigException e = fails(read);
            assertFalse(e.getMessage().contains("sk-hidden-123"), e.getMessage());
            assertTrue(e.getMessage().contains("****"), e.getMessage());
            assertEquals("consort.yaml:3:9", e.location());
        }
    }
}
