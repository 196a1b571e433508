package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration error is one line that starts with the file, line and column of the culprit. */
class ConfigErrorLocationTest {

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    private ConfigException failure(String yaml) {
        ws.project(yaml);
        return ws.failure();
    }

    @Test
    void unknownTopLevelKeyPointsAtTheKeyAndListsTheKnownOnes() {
        ConfigException e = failure("""
                tools:
                  mode: manual
                routng:
                  policy: rules
                """);
        assertEquals("consort.yaml:3:1", e.location());
        assertEquals("consort.yaml:3:1: unknown key 'routng' (known: " + String.join(", ",
                new java.util.TreeSet<>(ConsortConfig.KEYS)) + ")", e.getMessage());
        assertTrue(e.getMessage().contains(" routing,"), e.getMessage());
    }

    @Test
    void unknownKeyInsideRetryNamesTheSection() {
        ConfigException e = failure("""
                routing:
                  retry:
                    attempts: 2
                    atempts: 3
                """);
        assertEquals("consort.yaml:4:5: unknown key 'atempts' in routing.retry (known: attempts, backoff, "
                + "max_backoff)", e.getMessage());
    }

    @Test
    void wrongTypePointsAtTheValue() {
        ConfigException e = failure("""
                routing:
                  retry:
                    attempts: many
                """);
        assertEquals("consort.yaml:3:15", e.location());
        assertTrue(e.getMessage().startsWith("consort.yaml:3:15: routing.retry.attempts must be a whole number"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("got 'many'"), e.getMessage());
    }

    @Test
    void unreadableDurationPointsAtTheValueAndShowsExamples() {
        ConfigException e = failure("""
                routing:
                  retry:
                    backoff: soon
                """);
        assertEquals("consort.yaml:3:14: routing.retry.backoff must be a duration such as 250ms, 30s, 5m or 1h, "
                + "got 'soon'", e.getMessage());
    }

    @Test
    void yamlSyntaxErrorIsLocated() {
        ConfigException e = failure("""
                routing:
                  policy: rules
                a: b: c
                """);
        assertEquals("consort.yaml:3:5", e.location());
        assertEquals("consort.yaml:3:5: invalid YAML: mapping values are not allowed here", e.getMessage());
    }

    @Test
    void unclosedFlowSequenceIsOneLine() {
        ConfigException e = failure("""
                routing:
                  rules:
                    code: [fast,
                """);
        assertTrue(e.location().startsWith("consort.yaml:"), e.location());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void duplicateKeyPointsAtTheSecondAndNamesTheFirst() {
        ConfigException e = failure("""
                routing:
                  policy: rules
                  retry:
                    attempts: 2
                  policy: other
                """);
        assertEquals("consort.yaml:5:3: duplicate key 'policy' (first at consort.yaml:2:3)", e.getMessage());
    }

    @Test
    void ruleNamingAnUnconfiguredBackendIsLocated() {
        ConfigException e = failure("""
                routing:
                  rules:
                    code:
                      - nope
                """);
        assertEquals("consort.yaml:4:7: routing.rules.code names backend 'nope', which is not configured "
                + "(backends: none)", e.getMessage());
    }

    @Test
    void ruleNamingAnUnconfiguredBackendListsTheConfiguredOnes() {
        ws.project("""
                backends:
                  slow:
                    type: openai
                  fast:
                    type: openai
                routing:
                  rules:
                    code: [fast, ghost]
                """);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, ws::load);
        Workspace.assertOneLine(e);
        assertEquals("consort.yaml:8:11: routing.rules.code names backend 'ghost', which is not configured "
                + "(backends: fast, slow)", e.getMessage());
    }

    @Test
    void backendWithoutTypePointsAtItsName() {
        ConfigException e = failure("""
                backends:
                  fast:
                    model: gpt-4o-mini
                """);
        assertEquals("consort.yaml:2:3: backends.fast: 'type' is required (for example type: openai)",
                e.getMessage());
    }

    @Test
    void backendThatIsNotAMappingPointsAtItsName() {
        ConfigException e = failure("""
                backends:
                  fast: openai
                """);
        assertEquals("consort.yaml:2:9", e.location());
        assertTrue(e.getMessage().contains("backends.fast must be a mapping"), e.getMessage());
    }

    @Test
    void badBackendNameIsLocated() {
        ConfigException e = failure("""
                backends:
                  9lives:
                    type: openai
                """);
        assertEquals("consort.yaml:2:3", e.location());
        assertTrue(e.getMessage().contains("must start with a letter"), e.getMessage());
    }

    @Test
    void unknownBackendTypePointsAtTheTypeAndListsWhatIsAvailable() {
        ConfigException e = failure("""
                backends:
                  fast:
                    type: opneai
                """);
        assertEquals("consort.yaml:3:11: backends.fast: unknown backend type 'opneai' (available: none)",
                e.getMessage());
    }

    @Test
    void budgetForAnUnknownBackendPointsAtItsName() {
        ConfigException e = failure("""
                budgets:
                  project:
                    usd: 20
                  backends:
                    ghost:
                      usd: 5
                """);
        assertEquals("consort.yaml:5:5: budgets.backends.ghost: no backend of that name is configured",
                e.getMessage());
    }

    @Test
    void wrongToolsModePointsAtTheValue() {
        ConfigException e = failure("""
                tools:
                  mode: yolo
                """);
        assertEquals("consort.yaml:2:9: tools.mode must be 'manual' or 'trust', got 'yolo'", e.getMessage());
    }

    @Test
    void unknownStoreAndPolicyListWhatIsAvailable() {
        ConfigException store = failure("""
                context:
                  store: postgres
                """);
        assertEquals("consort.yaml:2:10: context.store: unknown store type 'postgres' (available: memory)",
                store.getMessage());
        ConfigException policy = failure("""
                routing:
                  policy: cheapest
                """);
        assertEquals("consort.yaml:2:11: routing.policy: unknown policy 'cheapest' (available: rules)",
                policy.getMessage());
    }

    @Test
    void personaForAnUnknownBackendAndMissingPromptAreLocated() {
        ConfigException unknown = failure("""
                personas:
                  ghost:
                    system_prompt: hi
                """);
        assertEquals("consort.yaml:2:3: personas.ghost: no backend of that name is configured", unknown.getMessage());
    }

    @Test
    void sectionOfTheWrongShapeIsLocated() {
        ConfigException e = failure("""
                routing: fast
                """);
        assertEquals("consort.yaml:1:10: routing must be a mapping, found a value", e.getMessage());
        ConfigException list = failure("""
                tools:
                  allow:
                    - read_file
                    - [nested]
                """);
        assertEquals("consort.yaml:4:7: tools.allow: every item must be a plain value, found a list",
                list.getMessage());
    }

    @Test
    void aTopLevelListIsRefused() {
        ConfigException e = failure("""
                - a
                - b
                """);
        assertEquals("consort.yaml:1:1: the top of a configuration file must be a mapping of keys, found a list",
                e.getMessage());
    }

    @Test
    void errorsInTheGlobalFileNameItWithTilde() {
        ws.global("""
                tools:
                  mode: sometimes
                """);
        ConfigException e = ws.failure();
        assertEquals("~/.config/consort/config.yaml:2:9: tools.mode must be 'manual' or 'trust', got 'sometimes'",
                e.getMessage());
    }

    @Test
    void missingExplicitFileIsNamed() {
        ConfigSources s = new ConfigSources(ws.work, Path.of("other.yaml"), ws.home, ws.env::get);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(s));
        assertEquals("other.yaml: file not found", e.getMessage());
    }
}
