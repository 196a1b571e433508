package dev.consort.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.core.api.Approver;
import dev.consort.core.api.ToolMode;
import dev.consort.core.api.ToolRunner;
import dev.consort.core.config.ConfigValues;
import dev.consort.core.config.LocatedConfig;
import dev.consort.core.config.ToolSettings;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.core.schema.SchemaCache;
import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.config.ConfigException;
import dev.consort.spi.config.PluginContext;
import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolProvider;
import dev.consort.spi.tool.ToolResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The tool runner: validation, permissions, sandbox, limits and the audit log around every call. */
public final class DefaultToolRunner implements ToolRunner, AutoCloseable {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|SECRET|TOKEN|PASSWORD|PASSWD).*");

    private record Entry(Tool tool, String provider) {
    }

    private final Map<String, Entry> tools = new TreeMap<>();
    private final ToolSettings settings;
    private final Sandbox sandbox;
    private final ToolRules rules;
    private final Map<String, String> childEnvironment;
    private final ArgumentRedactor redactor;
    private final AuditLog audit;
    private final Clock clock;
    private final SchemaCache schemas = new SchemaCache();
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private final Set<String> always = ConcurrentHashMap.newKeySet();
    private final Set<String> never = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ToolMode mode;

    public DefaultToolRunner(ToolSettings settings, ProviderRegistry registry, PluginContext context,
                             Map<String, String> environment, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.sandbox = new Sandbox(context.projectDir().resolve(settings.sandboxRoot()));
        this.rules = ToolRules.from(settings.section());
        this.audit = audit;
        this.clock = clock;
        this.mode = settings.trust() ? ToolMode.TRUST : ToolMode.MANUAL;
        this.allowed.addAll(settings.allow());
        Map<String, String> env = new TreeMap<>();
        for (String name : settings.envPass()) {
            String v = environment.get(name);
            if (v != null && !SECRET_NAME.matcher(name).matches()) {
                env.put(name, v);
            }
        }
        this.childEnvironment = Map.copyOf(env);
        this.redactor = new ArgumentRedactor(environment);
        LocatedConfig providers = settings.section().sectionOrEmpty("providers");
        for (ToolProvider p : registry.toolProviders()) {
            for (Tool t : p.create(providers.sectionOrEmpty(p.type()), context)) {
                tools.putIfAbsent(t.name(), new Entry(t, p.type()));
            }
        }
        for (String name : settings.allow()) {
            if (!tools.containsKey(name)) {
                throw new ConfigException(settings.section().locationOf("allow"), "tools.allow names '" + name
                        + "', which no plugin provides (tools: " + String.join(", ", tools.keySet()) + ")");
            }
        }
    }

    @Override
    public List<ToolInfo> tools() {
        return tools.values().stream().map(e -> new ToolInfo(e.tool().name(), e.tool().effect(),
                e.tool().description(), e.tool().parametersSchema(), e.provider())).toList();
    }

    @Override
    public List<ToolSpec> specs() {
        return tools.values().stream().map(e -> new ToolSpec(e.tool().name(), e.tool().description(),
                e.tool().parametersSchema())).toList();
    }

    @Override
    public ToolMode mode() {
        return mode;
    }

    @Override
    public void setMode(ToolMode value) {
        this.mode = value;
    }

    @Override
    public void whitelist(String tool) {
        requireTool(tool);
        allowed.add(tool);
    }

    @Override
    public Decision why(String tool, String argumentsJson) {
        Entry e = requireTool(tool);
        JsonNode args = SchemaCache.parse(argumentsJson).filter(JsonNode::isObject)
                .orElseThrow(() -> new IllegalArgumentException("the arguments must be a JSON object"));
        return decide(e, args);
    }

    private Entry requireTool(String tool) {
        Entry e = tools.get(tool);
        if (e == null) {
            throw new IllegalArgumentException("no tool named '" + tool + "' (tools: " + String.join(", ", tools.keySet()) + ")");
        }
        return e;
    }

    private Decision decide(Entry e, JsonNode args) {
        String name = e.tool().name();
        String subject = subject(name, args);
        Optional<ToolRule> rule = rules.decide(name, subject);
        if (rule.isPresent() && rule.get().verdict().equals("deny")) {
            return new Decision("deny", "rule '" + rule.get().text() + "' (" + rule.get().where() + ")");
        }
        if (never.contains(name)) {
            return new Decision("deny", "you answered 'never' for " + name + " in this session");
        }
        if (rule.isPresent() && rule.get().verdict().equals("ask")) {
            return new Decision("ask", "rule '" + rule.get().text() + "' (" + rule.get().where() + ")");
        }
        if (rule.isPresent()) {
            return new Decision("allow", "rule '" + rule.get().text() + "' (" + rule.get().where() + ")");
        }
        if (always.contains(name)) {
            return new Decision("allow", "you answered 'always' for " + name + " in this session");
        }
        if (e.tool().effect() == ToolEffect.READ) {
            return new Decision("allow", "read-only tools inside the sandbox never ask");
        }
        if (mode == ToolMode.TRUST) {
            return allowed.contains(name)
                    ? new Decision("allow", "trust mode, and " + name + " is on tools.allow")
                    : new Decision("ask", "trust mode, but " + name + " is not on tools.allow");
        }
        return new Decision("ask", "manual mode: " + e.tool().effect().name().toLowerCase(java.util.Locale.ROOT)
                + " tools ask");
    }

    /** The leading arguments rules match against: a command line, or a path. */
    static String subject(String tool, JsonNode args) {
        if (args.has("argv") && args.get("argv").isArray()) {
            StringBuilder s = new StringBuilder();
            args.get("argv").forEach(a -> s.append(s.isEmpty() ? "" : " ").append(a.asText()));
            return s.toString();
        }
        if (args.has("path")) {
            return args.get("path").asText();
        }
        if (args.has("patch")) {
            for (String line : args.get("patch").asText().split("\n")) {
                if (line.startsWith("+++ ")) {
                    String p = line.substring(4).trim();
                    return p.startsWith("b/") ? p.substring(2) : p;
                }
            }
        }
        return "";
    }

    @Override
    public Outcome run(String tool, String argumentsJson, Caller caller, Approver approver) {
        long start = System.nanoTime();
        ObjectNode entry = JsonNodeFactory.instance.objectNode()
                .put("time", clock.instant().toString()).put("session", caller.session())
                .put("task", caller.task()).put("backend", caller.backend()).put("tool", tool);
        Entry e = tools.get(tool);
        Optional<JsonNode> parsed = SchemaCache.parse(argumentsJson);
        entry.set("arguments", parsed.map(redactor::redact)
                .orElseGet(() -> JsonNodeFactory.instance.textNode(redactor.text(argumentsJson))));
        if (e == null) {
            return finish(entry, start, "unknown_tool", "none", ToolResult.failure("no tool named '" + tool
                    + "' (tools: " + String.join(", ", tools.keySet()) + ")"));
        }
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return finish(entry, start, "invalid_arguments", "none",
                    ToolResult.failure("invalid arguments for " + tool + ": not a JSON object"));
        }
        Optional<String> problem = schemas.problems(e.tool().parametersSchema(), parsed.get());
        if (problem.isPresent()) {
            return finish(entry, start, "invalid_arguments", "none", new ToolResult(true,
                    "invalid arguments for " + tool + ": " + problem.get(), -1, false,
                    Map.of("error", "invalid_arguments", "details", problem.get())));
        }
        Decision d = decide(e, parsed.get());
        String approval;
        switch (d.verdict()) {
            case "deny" -> {
                return finish(entry, start, "denied", "denied (" + d.reason() + ")",
                        ToolResult.failure("denied: " + tool + " may not run here: " + d.reason()));
            }
            case "ask" -> {
                Approver.Answer a = approver.ask(new Approver.ToolRequest(tool,
                        redactor.redact(parsed.get()).toString(), d.reason()));
                switch (a) {
                    case YES -> approval = "approved (" + approver.who() + ")";
                    case ALWAYS -> {
                        always.add(tool);
                        approval = "approved (always, " + approver.who() + ")";
                    }
                    case NEVER -> {
                        never.add(tool);
                        return finish(entry, start, "denied", "denied (never, " + approver.who() + ")",
                                ToolResult.failure("denied: the user refused " + tool + " for this session"));
                    }
                    default -> {
                        String by = approver.who();
                        return finish(entry, start, "denied", "denied (" + by + ")",
                                ToolResult.failure("denied: " + tool + " needs approval (" + d.reason() + "), and it was"
                                        + " refused (" + by + ")"));
                    }
                }
            }
            default -> approval = "auto (" + d.reason() + ")";
        }
        Map<String, Object> toolSettings = settings.settingsOf(tool);
        Duration timeout = duration(toolSettings.get("timeout")).orElse(settings.timeout());
        int cap = size(toolSettings.get("max_output")).orElse(settings.maxOutputBytes());
        SandboxContext context = new SandboxContext(sandbox, timeout, cap, childEnvironment, toolSettings);
        ToolResult result;
        String outcome;
        Future<ToolResult> running = threads.submit(() -> e.tool().invoke(argumentsJson, context));
        try {
            result = running.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            outcome = result.error() ? "error" : "ok";
        } catch (TimeoutException x) {
            running.cancel(true);
            result = ToolResult.failure(tool + " timed out after " + timeout.toMillis() + " ms");
            outcome = "timeout";
        } catch (ExecutionException x) {
            Throwable cause = x.getCause();
            result = ToolResult.failure(cause instanceof ToolException ? cause.getMessage()
                    : tool + " failed: " + cause);
            outcome = "error";
        } catch (InterruptedException x) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            result = ToolResult.failure(tool + " was interrupted");
            outcome = "cancelled";
        }
        return finish(entry, start, outcome, approval, capped(result, cap));
    }

    private static ToolResult capped(ToolResult r, int cap) {
        byte[] bytes = r.content().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= cap) {
            return r;
        }
        String head = new String(bytes, 0, cap, StandardCharsets.UTF_8);
        return new ToolResult(r.error(), head + "\n[... output truncated at " + cap + " bytes ...]", r.exitCode(), true,
                r.data());
    }

    private Outcome finish(ObjectNode entry, long start, String outcome, String approval, ToolResult result) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        entry.put("approval", approval).put("duration_ms", millis).put("outcome", outcome)
                .put("truncated", result.truncated()).put("output_sha256", sha256(result.content()));
        if (result.exitCode() >= 0) {
            entry.put("exit_code", result.exitCode());
        } else {
            entry.putNull("exit_code");
        }
        audit.append(entry);
        return new Outcome(result, approval, millis);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Duration> duration(Object v) {
        return v == null ? Optional.empty() : Optional.ofNullable(ConfigValues.duration(v.toString()));
    }

    private static Optional<Integer> size(Object v) {
        return v == null ? Optional.empty() : Optional.ofNullable(ConfigValues.size(v.toString())).map(Long::intValue);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        audit.close();
    }

    /** For tests: the environment child processes get. */
    Map<String, String> childEnvironment() {
        return new LinkedHashMap<>(childEnvironment);
    }
}
