package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from and how the project file lays over the global one. */
class ConfigSourcesTest {

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    @Test
    void theProjectFileOverridesTheGlobalOneKeyByKey() {
        ws.global("""
                routing:
                  retry:
                    attempts: 5
                    backoff: 1s
                  on_partial_stream_failure: restart
                tools:
                  mode: trust
                """);
        ws.project("""
                routing:
                  retry:
                    attempts: 2
                """);
        ConsortConfig c = ws.loadAndValidate();
        assertEquals(2, c.routing().retry().attempts(), "the project's value wins");
        assertEquals(Duration.ofSeconds(1), c.routing().retry().backoff(), "the global sibling stays");
        assertTrue(c.routing().streamRestart(), "the global section sibling stays");
        assertTrue(c.tools().trust(), "a section only the global file has stays");
        assertEquals(List.of("~/.config/consort/config.yaml", "consort.yaml"), c.sources());
    }

    @Test
    void aListInTheProjectReplacesTheGlobalList() {
        ws.global("tools:\n  allow: [read_file, write_file]\n");
        ws.project("tools:\n  allow: [run_shell]\n");
        assertEquals(List.of("run_shell"), ws.load().tools().allow());
    }

    @Test
    void errorsPointAtTheFileThatWroteTheValue() {
        ws.global("routing:\n  retry:\n    backoff: 1s\n    max_backoff: 2s\n");
        ws.project("routing:\n  retry:\n    backoff: 5s\n");
        var e = ws.failure();
        assertEquals("~/.config/consort/config.yaml:4:18", e.location(),
                "max_backoff shorter than the project's backoff is reported where max_backoff was written");
    }

    @Test
    void honoursXdgConfigHome() {
        Path xdg = tmp.resolve("xdg");
        ws.env.put("XDG_CONFIG_HOME", xdg.toString());
        Path global = ws.global("tools:\n  mode: trust\n");
        assertEquals(xdg.resolve("consort/config.yaml"), global);
        Workspace.write(ws.home.resolve(".config/consort/config.yaml"), "tools:\n  mode: sometimes\n");
        ConsortConfig c = ws.loadAndValidate();
        assertTrue(c.tools().trust(), "the file under $XDG_CONFIG_HOME is read, not ~/.config");
        assertEquals(List.of(xdg.resolve("consort/config.yaml").toString()), c.sources());
    }

    @Test
    void blankXdgConfigHomeMeansTheHomeDefault() {
        ws.env.put("XDG_CONFIG_HOME", " ");
        assertEquals(ws.home.resolve(".config/consort"), ws.sources().userConfigDir());
    }

    @Test
    void cacheAndDataFoldersHonourXdgToo() {
        ConfigSources plain = ws.sources();
        assertEquals(ws.home.resolve(".cache/consort"), plain.userCacheDir());
        assertEquals(ws.home.resolve(".local/share/consort"), plain.userDataDir());
        ws.env.put("XDG_CACHE_HOME", "/c");
        ws.env.put("XDG_DATA_HOME", "/d");
        assertEquals(Path.of("/c/consort"), ws.sources().userCacheDir());
        assertEquals(Path.of("/d/consort"), ws.sources().userDataDir());
    }

    @Test
    void noFilesMeansBuiltInDefaults() {
        ConsortConfig c = ws.loadAndValidate();
        assertEquals(List.of(), c.sources());
        assertEquals(RetrySettings.DEFAULT, c.routing().retry());
        assertEquals(ws.work, c.projectDir());
        assertEquals("memory", c.storeType());
        assertFalse(c.tools().trust());
    }

    @Test
    void anExplicitFileReplacesConsortYamlAndSetsTheProjectFolder() {
        ws.project("tools:\n  mode: sometimes\n");
        Workspace.write(ws.work.resolve("sub/other.yaml"), "tools:\n  mode: trust\n");
        ConfigSources s = new ConfigSources(ws.work, Path.of("sub/other.yaml"), ws.home, ws.env::get);
        ConsortConfig c = ConfigLoader.load(s);
        assertTrue(c.tools().trust());
        assertEquals(List.of("sub/other.yaml"), c.sources());
        assertEquals(ws.work.resolve("sub"), c.projectDir());
    }

    @Test
    void anEmptyOrNullFileIsAnEmptyConfiguration() {
        ws.project("");
        assertEquals(List.of("consort.yaml"), ws.loadAndValidate().sources());
        ws.project("# only a comment\n");
        assertTrue(ws.loadAndValidate().backends().isEmpty());
        ws.project("~\n");
        assertTrue(ws.loadAndValidate().backends().isEmpty());
    }

    @Test
    void showsFilesRelativeToTheWorkingDirectoryOrHome() {
        ConfigSources s = ws.sources();
        assertEquals("consort.yaml", s.shown(ws.work.resolve("consort.yaml")));
        assertEquals("~/x/y.yaml", s.shown(ws.home.resolve("x/y.yaml")));
        assertEquals(Path.of("/etc/consort.yaml").toString(), s.shown(Path.of("/etc/consort.yaml")));
        assertEquals(Optional.empty(), s.globalFile());
    }
}
