package dev.consort.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.ChatCall;
import dev.consort.core.api.UsageTracker.Scope;
import dev.consort.core.config.BudgetSettings;
import dev.consort.core.context.InMemoryContextStore;
import dev.consort.core.orchestrator.Rig;
import dev.consort.core.orchestrator.ScriptedBackend;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage ledger: per session, per project (the context store) and for the user's lifetime (a file). */
class UsageLedgerTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2025-03-14T10:00:00Z");

    private static ModelTable prices() {
        var root = new dev.consort.core.config.LocatedConfig("", dev.consort.core.config.YamlTreeReader.read(
                new StringReader("pricing:\n  m: {input: \"1\", output: \"2\"}\n"), "consort.yaml"), Path.of("/h"));
        return ModelTable.of(root.sectionOrEmpty("pricing"));
    }

    private UsageLedger ledger(ContextStore store, String session, Path lifetime, String project) {
        return new UsageLedger(store, prices(), new BudgetLedger(new BudgetSettings(null, Map.of()), store, clock),
                session, lifetime, project, clock);
    }

    @Test
    void separatesTheSessionTheProjectAndTheLifetime() {
        Path lifetime = tmp.resolve("data/consort/usage.jsonl");
        ContextStore projectOne = new InMemoryContextStore();
        ContextStore projectTwo = new InMemoryContextStore();
        UsageLedger first = ledger(projectOne, "s1", lifetime, "/p1");
        UsageLedger second = ledger(projectOne, "s2", lifetime, "/p1");
        UsageLedger elsewhere = ledger(projectTwo, "s3", lifetime, "/p2");

        BigDecimal cost = first.record("a", "m", null, Usage.exact(1000, 500), false);
        assertEquals(0, new BigDecimal("0.002").compareTo(cost));
        second.record("a", "m", "task-1", Usage.exact(10, 10), false);
        second.record("b", "m", null, Usage.ZERO, true);
        elsewhere.recordCall("a", "m", Usage.estimated(100, 0), false);

        assertEquals(1, first.totals(Scope.SESSION).requests());
        assertEquals(2, second.totals(Scope.SESSION).requests());
        assertEquals(3, first.totals(Scope.PROJECT).requests());
        assertEquals(List.of("a", "b"), List.copyOf(first.backendUsage(Scope.PROJECT).keySet()));
        assertEquals(1, first.backendUsage(Scope.PROJECT).get("b").errors());

        first.close();
        second.close();
        elsewhere.close();
        UsageStats all = first.totals(Scope.LIFETIME);
        assertEquals(4, all.requests());
        assertEquals(1110, all.promptTokens());
        assertEquals(510, all.completionTokens());
        assertEquals(1, all.errors());
        assertTrue(all.estimated());
        assertEquals(0, new BigDecimal("0.00213").compareTo(all.costUsd()), all.costUsd().toPlainString());
    }

    @Test
    void aModelWithoutAPriceCostsNothing() {
        UsageLedger l = ledger(new InMemoryContextStore(), "s", null, "/p");
        assertEquals(0, BigDecimal.ZERO.compareTo(l.record("a", "unpriced-model", null, Usage.exact(1000, 1000), false)));
        assertEquals(Map.of(), l.backendUsage(Scope.LIFETIME));
    }

    @Test
    void theLifetimeLedgerLivesUnderXdgDataHomeAndSkipsLinesItCannotRead() throws Exception {
        ScriptedBackend a = ScriptedBackend.named("a");
        try (Rig rig = Rig.in(tmp).yaml("pricing:\n  a: {input: \"1\", output: \"1\"}\n").backend(a).build()) {
            rig.orchestrator().chat(ChatCall.of("chat", "one two three"));
            Path file = rig.lifetimeLedger();
            assertTrue(Files.isRegularFile(file), "no " + file);
            List<String> lines = Files.readAllLines(file);
            assertEquals(1, lines.size());
            assertTrue(lines.getFirst().contains("\"backend\":\"a\"") && lines.getFirst().contains("\"model\":\"model-a\"")
                    && lines.getFirst().contains("\"time\":\"2025-03-14T10:00:00Z\""), lines.getFirst());

            Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
            rig.orchestrator().chat(ChatCall.of("chat", "again"));
            UsageStats lifetime = rig.usage().totals(Scope.LIFETIME);
            assertEquals(2, lifetime.requests());
            assertEquals(lifetime, rig.usage().totals(Scope.PROJECT));
            assertEquals(lifetime, rig.usage().totals(Scope.SESSION));
        }
    }

    @Test
    void aBurstOfCallsIsAllInTheLifetimeLedgerOnceClosedAndWhenRead() throws Exception {
        Path lifetime = tmp.resolve("data/consort/usage.jsonl");
        UsageLedger l = ledger(new InMemoryContextStore(), "s", lifetime, "/p");
        for (int i = 0; i < 500; i++) {
            l.record("a", "m", null, Usage.exact(10, i), false);
        }
        assertTrue(Files.readAllLines(lifetime).size() >= 1, "the first line of a quiet ledger is written at once");
        assertEquals(500, l.totals(Scope.LIFETIME).requests(), "reading writes what waits");
        for (int i = 0; i < 500; i++) {
            l.record("b", "m", null, Usage.exact(10, i), true);
        }
        l.close();
        List<String> lines = Files.readAllLines(lifetime);
        assertEquals(1000, lines.size());
        assertTrue(lines.getLast().contains("\"backend\":\"b\"") && lines.getLast().contains("\"completion_tokens\":499"),
                lines.getLast());
        l.record("c", "m", null, Usage.ZERO, false);
        l.close();
        assertEquals(1001, Files.readAllLines(lifetime).size(), "a line after close opens the file again");
    }

    @Test
    void linesThatWaitReachTheFileWithoutAClose() throws Exception {
        Path lifetime = tmp.resolve("data/consort/usage.jsonl");
        UsageLedger l = ledger(new InMemoryContextStore(), "s", lifetime, "/p");
        for (int i = 0; i < 50; i++) {
            l.record("a", "m", null, Usage.exact(10, 10), false);
        }
        // The contract is a quarter of a second; the deadline only keeps a broken build from hanging.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (Files.readAllLines(lifetime).size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(50, Files.readAllLines(lifetime).size());
        l.close();
    }

    @Test
    void aLifetimeLineIsTheJsonItAlwaysWas() throws Exception {
        Path lifetime = tmp.resolve("data/consort/usage.jsonl");
        UsageLedger l = ledger(new InMemoryContextStore(), "s", lifetime, "/p/\"quoted\" \\ naïve\tcafé");
        l.record("a", "m", null, Usage.estimated(1000, 500), true);
        l.close();
        String line = Files.readAllLines(lifetime).getFirst();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var expected = json.createObjectNode().put("time", "2025-03-14T10:00:00Z")
                .put("project", "/p/\"quoted\" \\ naïve\tcafé").put("backend", "a").put("model", "m")
                .put("prompt_tokens", 1000).put("completion_tokens", 500).put("cost", "0.002").put("exact", false)
                .put("failed", true);
        assertEquals(json.writeValueAsString(expected), line);
    }
}
