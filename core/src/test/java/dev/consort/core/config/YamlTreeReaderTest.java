package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlTreeReaderTest {

    private static ConfigNode.Mapping read(String yaml) {
        return YamlTreeReader.read(new StringReader(yaml), "c.yaml");
    }

    @Test
    void remembersWhereEveryKeyAndValueWasWritten() {
        ConfigNode.Mapping root = read("""
                # comment
                backends:
                  fast:
                    type: openai
                    stop: [a, "b"]
                """);
        assertEquals(new Location("c.yaml", 2, 1), root.locationOf("backends"));
        ConfigNode.Mapping backends = (ConfigNode.Mapping) root.entries().get("backends");
        assertEquals(new Location("c.yaml", 3, 3), backends.locationOf("fast"));
        ConfigNode.Mapping fast = (ConfigNode.Mapping) backends.entries().get("fast");
        assertEquals(new Location("c.yaml", 4, 5), fast.locationOf("type"));
        assertEquals(new Location("c.yaml", 4, 11), fast.entries().get("type").location());
        ConfigNode.Sequence stop = assertInstanceOf(ConfigNode.Sequence.class, fast.entries().get("stop"));
        assertEquals(new Location("c.yaml", 5, 15), stop.items().get(1).location());
        assertEquals("c.yaml:5:15", stop.items().get(1).location().toString());
    }

    @Test
    void keepsFileOrder() {
        ConfigNode.Mapping root = read("z: 1\na: 2\nm: 3\n");
        assertEquals(List.of("z", "a", "m"), List.copyOf(root.entries().keySet()));
    }

    @Test
    void keepsScalarsAsText() {
        ConfigNode.Mapping root = read("i: 42\nf: 0.5\nb: true\ns: hi\nn: ~\n");
        assertEquals("42", ((ConfigNode.Scalar) root.entries().get("i")).value());
        assertEquals("0.5", ((ConfigNode.Scalar) root.entries().get("f")).value());
        assertEquals("true", ((ConfigNode.Scalar) root.entries().get("b")).value());
        assertNull(((ConfigNode.Scalar) root.entries().get("n")).value());
        assertFalse(((ConfigNode.Scalar) root.entries().get("s")).secret());
    }

    @Test
    void anEmptyDocumentIsAnEmptyMapping() {
        assertTrue(read("").entries().isEmpty());
        assertTrue(read("---\n").entries().isEmpty());
        assertTrue(read("# nothing\n").entries().isEmpty());
    }

    @Test
    void refusesAScalarAtTheTop() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("just text\n"));
        assertEquals("c.yaml:1:1: the top of a configuration file must be a mapping of keys, found a value",
                e.getMessage());
    }

    @Test
    void refusesDuplicateKeysAtAnyDepth() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("a:\n  b: 1\n  c: 2\n  b: 3\n"));
        assertEquals("c.yaml:4:3: duplicate key 'b' (first at c.yaml:2:3)", e.getMessage());
    }

    @Test
    void syntaxErrorsAreOneLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("a: [1, 2\nb: 3\n"));
        Workspace.assertOneLine(e);
        assertTrue(e.getMessage().startsWith("c.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlTreeReader.read(tmp.resolve("absent.yaml"), "absent.yaml"));
        assertEquals("absent.yaml: file not found", e.getMessage());
    }

    @Test
    void readsAFile(@TempDir Path tmp) {
        Path f = Workspace.write(tmp.resolve("x.yaml"), "k: v\n");
        assertEquals("v", ((ConfigNode.Scalar) YamlTreeReader.read(f, "x.yaml").entries().get("k")).value());
    }

    @Test
    void mergeLaysMappingsKeyByKeyAndReplacesEverythingElse() {
        ConfigNode.Mapping base = YamlTreeReader.read(new StringReader("""
                a:
                  x: 1
                  y: 2
                list: [1, 2]
                only_base: b
                """), "global.yaml");
        ConfigNode.Mapping over = YamlTreeReader.read(new StringReader("""
                a:
                  y: 20
                  z: 30
                list: [3]
                """), "project.yaml");
        ConfigNode.Mapping merged = ConfigMerger.merge(base, over);
        assertEquals(java.util.Map.of("a", java.util.Map.of("x", "1", "y", "20", "z", "30"), "list", List.of("3"),
                "only_base", "b"), LocatedConfig.plain(merged));
        ConfigNode.Mapping a = (ConfigNode.Mapping) merged.entries().get("a");
        assertEquals("global.yaml", a.locationOf("x").file());
        assertEquals("project.yaml", a.locationOf("y").file());
        assertEquals("global.yaml", merged.locationOf("only_base").file());
        assertEquals(List.of("a", "list", "only_base"), List.copyOf(merged.entries().keySet()));
    }

    @Test
    void aMappingReplacesAScalarAndTheOtherWayRound() {
        ConfigNode.Mapping base = read("a: text\nb:\n  c: 1\n");
        ConfigNode.Mapping over = read("a:\n  k: v\nb: plain\n");
        assertEquals(java.util.Map.of("a", java.util.Map.of("k", "v"), "b", "plain"),
                LocatedConfig.plain(ConfigMerger.merge(base, over)));
    }
}
