package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.config.ConfigException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core sections bound onto records: defaults, values and refusals. */
class SettingsTest {

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    private ConsortConfig load(String yaml) {
        ws.project(yaml);
        return ws.load();
    }

    private ConfigException fails(String yaml) {
        ws.project(yaml);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, ws::load);
        Workspace.assertOneLine(e);
        return e;
    }

    private static final String TWO_BACKENDS = """
            backends:
              fast:
                type: openai
                model: gpt-4o-mini
              deep:
                type: anthropic
            """;

    @Test
    void backendsKeepFileOrderNameTypeAndSubtree() {
        ConsortConfig c = load(TWO_BACKENDS);
        assertEquals(List.of("fast", "deep"), List.copyOf(c.backends().keySet()));
        BackendSettings fast = c.backends().get("fast");
        assertEquals("openai", fast.type());
        assertEquals("backends.fast", fast.config().path());
        assertEquals("gpt-4o-mini", fast.config().string("model").orElseThrow());
    }

    @Test
    void retryDefaults() {
        RetrySettings r = load("").routing().retry();
        assertEquals(3, r.attempts());
        assertEquals(Duration.ofMillis(250), r.backoff());
        assertEquals(Duration.ofSeconds(8), r.maxBackoff());
    }

    @Test
    void retryReadsItsValues() {
        RetrySettings r = load("routing:\n  retry:\n    attempts: 5\n    backoff: 100ms\n    max_backoff: 2s\n")
                .routing().retry();
        assertEquals(new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(2)), r);
    }

    @Test
    void retryRefusesZeroAttemptsAndAMaxBelowTheFirstWait() {
        assertEquals("consort.yaml:3:15: routing.retry.attempts must be at least 1, got 0",
                fails("routing:\n  retry:\n    attempts: 0\n").getMessage());
        assertEquals("consort.yaml:4:18: routing.retry.max_backoff must not be shorter than backoff (5000 ms)",
                fails("routing:\n  retry:\n    backoff: 5s\n    max_backoff: 1s\n").getMessage());
    }

    @Test
    void cooldownDefaultsAndValues() {
        assertEquals(CooldownSettings.DEFAULT, load("").routing().cooldown());
        assertEquals(new CooldownSettings(2, Duration.ofMinutes(5)),
                load("routing:\n  cooldown:\n    failures: 2\n    period: 5m\n").routing().cooldown());
        assertEquals("consort.yaml:3:15: routing.cooldown.failures must be at least 1, got 0",
                fails("routing:\n  cooldown:\n    failures: 0\n").getMessage());
    }

    @Test
    void routingDefaultsAndRules() {
        RoutingSettings none = load("").routing();
        assertEquals("rules", none.policy());
        assertEquals(Map.of(), none.rules());
        assertFalse(none.streamRestart());
        RoutingSettings r = load(TWO_BACKENDS + """
                routing:
                  rules:
                    code: [deep, fast]
                    chat: fast
                  on_partial_stream_failure: restart
                """).routing();
        assertEquals(Map.of("code", List.of("deep", "fast"), "chat", List.of("fast")), r.rules());
        assertTrue(r.streamRestart());
    }

    @Test
    void partialStreamFailureMustBeErrorOrRestart() {
        assertEquals("consort.yaml:2:30: routing.on_partial_stream_failure must be 'error' or 'restart', got 'retry'",
                fails("routing:\n  on_partial_stream_failure: retry\n").getMessage());
    }

    @Test
    void budgetsReadAmountsCountsAndPeriods() {
        BudgetSettings b = load(TWO_BACKENDS + """
                budgets:
                  project:
                    usd: 20.50
                    period: month
                  backends:
                    deep:
                      requests: 100
                      tokens: 2M
                      period: day
                """).budgets();
        assertEquals(new BudgetLimit(new BigDecimal("20.50"), null, null, "month"), b.project());
        assertEquals(new BudgetLimit(null, 100L, 2_000_000L, "day"), b.backends().get("deep"));
        assertNull(load("").budgets().project());
        assertEquals("total", load(TWO_BACKENDS + "budgets:\n  project:\n    usd: 1\n").budgets().project().period());
    }

    @Test
    void budgetsRefuseBadValues() {
        assertEquals("consort.yaml:3:10: budgets.project.usd must not be negative",
                fails("budgets:\n  project:\n    usd: -1\n").getMessage());
        assertEquals("consort.yaml:3:10: budgets.project.usd must be an amount in dollars such as 20.00",
                fails("budgets:\n  project:\n    usd: lots\n").getMessage());
        assertEquals("consort.yaml:3:15: budgets.project.requests must not be negative",
                fails("budgets:\n  project:\n    requests: -5\n").getMessage());
        assertEquals("consort.yaml:3:13: budgets.project.period must be one of total, day, month; got 'week'",
                fails("budgets:\n  project:\n    period: week\n").getMessage());
        assertEquals("consort.yaml:3:5: unknown key 'dollars' in budgets.project (known: period, requests, tokens, usd)",
                fails("budgets:\n  project:\n    dollars: 5\n").getMessage());
    }

    @Test
    void toolDefaults() {
        ToolSettings t = load("").tools();
        assertFalse(t.trust());
        assertEquals(List.of(), t.allow());
        assertEquals(".", t.sandboxRoot());
        assertEquals(Duration.ofSeconds(60), t.timeout());
        assertEquals(65536, t.maxOutputBytes());
        assertEquals(List.of("PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"), t.envPass());
    }

    @Test
    void toolsReadTheirValues() {
        ToolSettings t = load("""
                tools:
                  mode: trust
                  allow: [read_file, run_shell]
                  sandbox:
                    root: src
                    timeout: 5s
                    max_output: 8MiB
                  env:
                    pass: [PATH]
                  settings:
                    run_shell:
                      shell: /bin/sh
                """).tools();
        assertTrue(t.trust());
        assertEquals(List.of("read_file", "run_shell"), t.allow());
        assertEquals("src", t.sandboxRoot());
        assertEquals(Duration.ofSeconds(5), t.timeout());
        assertEquals(8 * 1024 * 1024, t.maxOutputBytes());
        assertEquals(List.of("PATH"), t.envPass());
        assertEquals(Map.of("shell", "/bin/sh"), t.settingsOf("run_shell"));
        assertEquals(Map.of(), t.settingsOf("other"));
    }

    @Test
    void toolsRefuseBadValues() {
        assertEquals("consort.yaml:3:17: tools.sandbox.max_output must be positive",
                fails("tools:\n  sandbox:\n    max_output: 0\n").getMessage());
        assertEquals("consort.yaml:3:5: unknown key 'rot' in tools.sandbox (known: max_output, root, timeout)",
                fails("tools:\n  sandbox:\n    rot: x\n").getMessage());
        assertEquals("consort.yaml:3:5: unknown key 'keep' in tools.env (known: pass)",
                fails("tools:\n  env:\n    keep: [PATH]\n").getMessage());
    }

    @Test
    void personasOverrideByBackend() {
        ConsortConfig c = load(TWO_BACKENDS + """
                personas:
                  deep:
                    description: Plans work
                    system_prompt: You plan.
                """);
        assertEquals(Map.of("deep", new Persona("Plans work", "You plan.")), c.personas());
        assertEquals("consort.yaml:9:5: personas.deep.system_prompt is required",
                fails(TWO_BACKENDS + "personas:\n  deep:\n    description: x\n").getMessage());
        assertEquals("consort.yaml:10:5: unknown key 'prompt' in personas.deep (known: description, system_prompt)",
                fails(TWO_BACKENDS + "personas:\n  deep:\n    system_prompt: x\n    prompt: y\n").getMessage());
    }

    @Test
    void contextAndPricingStayAsSubtrees() {
        ConsortConfig c = load("context:\n  store: memory\n  extra: 1\npricing:\n  gpt-x:\n    input: 1.0\n");
        assertEquals("memory", c.storeType());
        assertEquals("1", c.context().string("extra").orElseThrow());
        assertTrue(c.pricing().has("gpt-x"));
    }
}
