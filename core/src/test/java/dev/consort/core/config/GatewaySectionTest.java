package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.GatewaySettings;
import dev.consort.spi.config.ConfigException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway section: defaults, hashed keys with budgets and rate limits, aliases, and located refusals. */
class GatewaySectionTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path tmp;
    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp);
    }

    private GatewaySettings load(String yaml) {
        ws.project(yaml);
        return ws.load().gateway();
    }

    private ConfigException fails(String yaml) {
        ws.project(yaml);
        ConfigException e = assertThrows(ConfigException.class, ws::load);
        Workspace.assertOneLine(e);
        return e;
    }

    @Test
    void defaultsToLoopbackWithoutKeys() {
        GatewaySettings g = load("");
        assertEquals("127.0.0.1", g.bind());
        assertEquals(GatewaySettings.DEFAULT_PORT, g.port());
        assertEquals(4L << 20, g.maxBodyBytes());
        assertTrue(g.clients().isEmpty());
    }

    @Test
    void bindsClientsAliasesAndTaskTypes() {
        GatewaySettings g = load("""
                backends:
                  fast: { type: openai }
                routing:
                  rules: { review: [fast] }
                gateway:
                  bind: 0.0.0.0
                  port: 9000
                  max_body: 1MiB
                  aliases: { gpt-4o-mini: fast, smart: task:review }
                  clients:
                    ci:
                      key: sha256:%s
                      budget: { usd: 2.50, requests: 10, period: day }
                      rate_limit: { requests: 60, per: 1m }
                """.formatted(HASH.toUpperCase()));
        assertEquals("0.0.0.0", g.bind());
        assertEquals(9000, g.port());
        assertEquals(1L << 20, g.maxBodyBytes());
        assertEquals(Map.of("gpt-4o-mini", "fast", "smart", "task:review"), g.aliases());
        assertEquals(List.of("review"), g.taskTypes());
        GatewaySettings.Client ci = g.clients().get(0);
        assertEquals("ci", ci.name());
        assertEquals(HASH, ci.keySha256());
        assertEquals(new BigDecimal("2.50"), ci.budget().usd());
        assertEquals(10L, ci.budget().requests());
        assertNull(ci.budget().tokens());
        assertEquals("day", ci.budget().period());
        assertEquals(new GatewaySettings.RateLimit(60, Duration.ofMinutes(1)), ci.rateLimit());
    }

    @Test
    void refusesAKeyThatIsNotAHashWithoutQuotingIt() {
        ConfigException e = fails("gateway:\n  clients:\n    ci: { key: sk-live-secret-value }\n");
        assertTrue(e.getMessage().contains("gateway.clients.ci.key"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-live-secret-value"), e.getMessage());
        assertTrue(e.location().contains(":3:"), e.location());
    }

    @Test
    void refusesTwoClientsWithOneKey() {
        ConfigException e = fails("gateway:\n  clients:\n    a: { key: sha256:%s }\n    b: { key: sha256:%s }\n"
                .formatted(HASH, HASH));
        assertTrue(e.getMessage().contains("same key"), e.getMessage());
    }

    @Test
    void refusesAnAliasToNothingAndUnknownKeys() {
        assertTrue(fails("gateway:\n  aliases: { x: nowhere }\n").getMessage().contains("gateway.aliases.x"));
        assertTrue(fails("gateway:\n  listen: 1.2.3.4\n").getMessage().contains("unknown key 'listen'"));
        assertTrue(fails("gateway:\n  port: 70000\n").getMessage().contains("gateway.port"));
        assertTrue(fails("gateway:\n  clients:\n    a: { key: sha256:%s, rate_limit: { requests: 0 } }\n".formatted(HASH))
                .getMessage().contains("rate_limit.requests"));
    }
}
