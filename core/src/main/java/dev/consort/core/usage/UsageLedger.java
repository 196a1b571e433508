package dev.consort.core.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.consort.core.api.UsageTracker;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every call: in the project's context store (the ledger budgets and {@code stats} read), and
 * one JSON line in the user's lifetime ledger ({@code ~/.local/share/consort/usage.jsonl}). Costs come
 * from the {@link ModelTable}; a model without a price costs nothing and says so in {@code stats}.
 *
 * <p>Lines of calls that come close together reach the lifetime file together, within
 * {@link LifetimeLedgerFile#COALESCE} (a quarter of a second): {@link #close()} writes what waits, and a
 * process that dies without closing loses at most that last quarter second of lifetime lines (the
 * project's store has them). Reading the lifetime ledger here first writes what waits.
 */
public final class UsageLedger implements UsageTracker {

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextStore store;
    private final ModelTable prices;
    private final BudgetLedger budgets;
    private final String sessionId;
    private final Path lifetimeFile;
    private final LifetimeLedgerFile lifetime;
    private final String project;
    private final String projectJson;
    /** Backend and model names as JSON strings: a process has a few, written on every line. */
    private final Map<String, String> namesJson = new ConcurrentHashMap<>();
    private final Clock clock;

    public UsageLedger(ContextStore store, ModelTable prices, BudgetLedger budgets, String sessionId, Path lifetimeFile,
                       String project, Clock clock) {
        this.store = store;
        this.prices = prices;
        this.budgets = budgets;
        this.sessionId = sessionId;
        this.lifetimeFile = lifetimeFile;
        this.lifetime = lifetimeFile == null ? null : new LifetimeLedgerFile(lifetimeFile);
        this.project = project;
        this.projectJson = quoted(project);
        this.clock = clock;
    }

    /** The cost of a usage on a backend's model. */
    public BigDecimal cost(String backend, String model, Usage usage) {
        return prices.price(backend, model).map(p -> p.cost(usage)).orElse(BigDecimal.ZERO);
    }

    /** Records a call of a task (or none) and returns its cost. */
    public BigDecimal record(String backend, String model, String taskId, Usage usage, boolean failed) {
        BigDecimal cost = cost(backend, model, usage);
        Instant now = clock.instant();
        store.recordUsage(new UsageRecord(now, sessionId, taskId, backend, model, usage, cost, failed));
        appendLifetime(now, backend, model, usage, cost, failed);
        return cost;
    }

    @Override
    public BigDecimal recordCall(String backend, String model, Usage usage, boolean failed) {
        return record(backend, model, null, usage, failed);
    }

    @Override
    public Map<String, UsageStats> backendUsage(Scope scope) {
        return switch (scope) {
            case SESSION -> new TreeMap<>(store.usageByBackend(new UsageScope.Session(sessionId)));
            case PROJECT -> new TreeMap<>(store.usageByBackend(UsageScope.ALL));
            case LIFETIME -> readLifetime();
        };
    }

    @Override
    public List<String> budgets() {
        return budgets.describe();
    }

    private void appendLifetime(Instant time, String backend, String model, Usage usage, BigDecimal cost,
                                boolean failed) {
        if (lifetime == null) {
            return;
        }
        // The fields and their order are those Jackson wrote from an ObjectNode before; built by hand, cheaper.
        String line = "{\"time\":\"" + time + "\",\"project\":" + projectJson + ",\"backend\":" + name(backend)
                + ",\"model\":" + name(model) + ",\"prompt_tokens\":" + usage.promptTokens()
                + ",\"completion_tokens\":" + usage.completionTokens() + ",\"cost\":\"" + cost.toPlainString()
                + "\",\"exact\":" + usage.exact() + ",\"failed\":" + failed + "}\n";
        lifetime.append(line.getBytes(StandardCharsets.UTF_8));
    }

    private String name(String name) {
        return name == null ? "null" : namesJson.computeIfAbsent(name, UsageLedger::quoted);
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** Writes the lifetime ledger's waiting lines and closes its file. */
    public void close() {
        if (lifetime != null) {
            lifetime.close();
        }
    }

    private Map<String, UsageStats> readLifetime() {
        return lifetime == null ? new TreeMap<>() : lifetime.read(this::readLifetimeFile);
    }

    private Map<String, UsageStats> readLifetimeFile() {
        Map<String, UsageStats> out = new TreeMap<>();
        if (!Files.isRegularFile(lifetimeFile)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(lifetimeFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    boolean failed = n.path("failed").asBoolean();
                    UsageStats s = new UsageStats(1, n.path("prompt_tokens").asLong(), n.path("completion_tokens").asLong(),
                            new BigDecimal(n.path("cost").asText("0")), failed ? 1 : 0, !n.path("exact").asBoolean(true));
                    out.merge(n.path("backend").asText("?"), s, UsageStats::plus);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("skipping an unreadable lifetime ledger line: {}", e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the lifetime usage ledger {}: {}", lifetimeFile, e.getMessage());
        }
        return out;
    }
}
