package dev.consort.core.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.UsageTracker;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.UsageRecord;
import dev.consort.spi.context.UsageScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every call: in the project's context store (the ledger budgets and {@code stats} read), and
 * one JSON line in the user's lifetime ledger ({@code ~/.local/share/consort/usage.jsonl}). Costs come
 * from the {@link ModelTable}; a model without a price costs nothing and says so in {@code stats}.
 */
public final class UsageLedger implements UsageTracker {

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextStore store;
    private final ModelTable prices;
    private final BudgetLedger budgets;
    private final String sessionId;
    private final Path lifetimeFile;
    private final String project;
    private final Clock clock;
    private FileChannel lifetime;

    public UsageLedger(ContextStore store, ModelTable prices, BudgetLedger budgets, String sessionId, Path lifetimeFile,
                       String project, Clock clock) {
        this.store = store;
        this.prices = prices;
        this.budgets = budgets;
        this.sessionId = sessionId;
        this.lifetimeFile = lifetimeFile;
        this.project = project;
        this.clock = clock;
    }

    /** The cost of a usage on a backend's model. */
    public BigDecimal cost(String backend, String model, Usage usage) {
        return prices.price(backend, model).map(p -> p.cost(usage)).orElse(BigDecimal.ZERO);
    }

    /** Records a call of a task (or none) and returns its cost. */
    public BigDecimal record(String backend, String model, String taskId, Usage usage, boolean failed) {
        BigDecimal cost = cost(backend, model, usage);
        store.recordUsage(new UsageRecord(clock.instant(), sessionId, taskId, backend, model, usage, cost, failed));
        appendLifetime(backend, model, usage, cost, failed);
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

    private synchronized void appendLifetime(String backend, String model, Usage usage, BigDecimal cost, boolean failed) {
        if (lifetimeFile == null) {
            return;
        }
        ObjectNode line = JSON.createObjectNode()
                .put("time", clock.instant().toString()).put("project", project).put("backend", backend)
                .put("model", model).put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens()).put("cost", cost.toPlainString())
                .put("exact", usage.exact()).put("failed", failed);
        try {
            if (lifetime == null) {
                Files.createDirectories(lifetimeFile.getParent());
                lifetime = FileChannel.open(lifetimeFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            // One write of one whole line: O_APPEND keeps lines of concurrent processes from interleaving.
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                lifetime.write(buffer);
            }
        } catch (IOException e) {
            LOG.warn("cannot append to the lifetime usage ledger {}: {}", lifetimeFile, e.getMessage());
        }
    }

    /** Closes the lifetime ledger file. */
    public synchronized void close() {
        if (lifetime != null) {
            try {
                lifetime.close();
            } catch (IOException e) {
                LOG.debug("closing the lifetime ledger: {}", e.getMessage());
            }
            lifetime = null;
        }
    }

    private synchronized Map<String, UsageStats> readLifetime() {
        Map<String, UsageStats> out = new TreeMap<>();
        if (lifetimeFile == null || !Files.isRegularFile(lifetimeFile)) {
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
