package dev.consort.core.orchestrator;

import dev.consort.core.api.AllBackendsFailedException;
import dev.consort.core.api.Answer;
import dev.consort.core.api.AnswerStream;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.BudgetExceededException;
import dev.consort.core.api.ChatCall;
import dev.consort.core.api.Orchestrator;
import dev.consort.core.api.Sleeper;
import dev.consort.core.config.RetrySettings;
import dev.consort.core.usage.BudgetLedger;
import dev.consort.core.usage.ModelTable;
import dev.consort.core.usage.Price;
import dev.consort.core.usage.UsageLedger;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.ContextLengthExceededException;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.backend.LLMBackend;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Retrieval;
import dev.consort.spi.routing.CandidateInfo;
import dev.consort.spi.routing.RouteDecision;
import dev.consort.spi.routing.RouteRequest;
import dev.consort.spi.routing.RouteStep;
import dev.consort.spi.routing.RoutingPolicy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The orchestrator. Thread-safe: per-call state lives on the calling thread. */
public final class Engine implements Orchestrator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final BackendPool pool;
    private final PersonaBook personas;
    private final ContextStore store;
    private final RoutingPolicy policy;
    private final UsageLedger usage;
    private final BudgetLedger budgets;
    private final ModelTable prices;
    private final Cooldowns cooldowns;
    private final Backoff backoff;
    private final RetrySettings retry;
    private final Sleeper sleeper;
    private final OutputValidator validator = new OutputValidator();
    private final boolean restartPartialStreams;
    private final String sessionId;
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Summarizer summarizer;
    private final java.nio.file.Path projectDir;

    /** Everything the engine needs, assembled by {@code Consort}. */
    public record Parts(BackendPool pool, Map<String, Persona> configuredPersonas, ContextStore store,
                        RoutingPolicy policy, UsageLedger usage, BudgetLedger budgets, ModelTable prices,
                        dev.consort.core.config.RoutingSettings routing, Clock clock, Sleeper sleeper,
                        RandomGenerator random, String sessionId, dev.consort.core.config.SummarySettings summaries,
                        java.nio.file.Path projectDir) {

        /** Parts with no summarizer. */
        public Parts(BackendPool pool, Map<String, Persona> configuredPersonas, ContextStore store, RoutingPolicy policy,
                     UsageLedger usage, BudgetLedger budgets, ModelTable prices,
                     dev.consort.core.config.RoutingSettings routing, Clock clock, Sleeper sleeper, RandomGenerator random,
                     String sessionId) {
            this(pool, configuredPersonas, store, policy, usage, budgets, prices, routing, clock, sleeper, random,
                    sessionId, new dev.consort.core.config.SummarySettings(null, 1500), java.nio.file.Path.of(""));
        }
    }

    public Engine(Parts p) {
        this.projectDir = p.projectDir().toAbsolutePath().normalize();
        this.pool = p.pool();
        this.store = p.store();
        this.personas = new PersonaBook(p.configuredPersonas(), p.store(), p.pool());
        this.policy = p.policy();
        this.usage = p.usage();
        this.budgets = p.budgets();
        this.prices = p.prices();
        this.cooldowns = new Cooldowns(p.routing().cooldown(), p.clock());
        this.retry = p.routing().retry();
        this.backoff = new Backoff(retry, p.random());
        this.sleeper = p.sleeper();
        this.restartPartialStreams = p.routing().streamRestart();
        this.sessionId = p.sessionId();
        this.summarizer = new Summarizer(this, p.summaries().backend(), p.summaries().chunkTokens(), p.store(),
                p.clock());
    }

    /** The summarizer (of dropped turns and long files). */
    public Summarizer summarizer() {
        return summarizer;
    }

    // ---- routing ---------------------------------------------------------------------------------

    @Override
    public RouteDecision route(String taskType, int contentTokens) {
        String filler = "x ".repeat(Math.max(0, contentTokens));
        return route(ChatCall.of(taskType, filler));
    }

    /** Routes to explain: every figure is the backend's exact count. */
    @Override
    public RouteDecision route(ChatCall call) {
        return route(call, new CallCounts(), false);
    }

    /**
     * Routes a call, counting its prompt into the call's own counts (which preparing it reuses). With
     * {@code bounds}, a policy that {@linkplain RoutingPolicy#decidesByLimitsOnly() decides by limits only}
     * is given upper bounds where they decide as the exact counts would (see {@link #candidate}).
     */
    private RouteDecision route(ChatCall call, CallCounts counts, boolean bounds) {
        List<CandidateInfo> infos = new ArrayList<>();
        if (call.backend() != null && !pool.has(call.backend())) {
            return new RouteDecision(call.taskType(), List.of(new RouteStep(call.backend(), false,
                    "not configured (backends: " + String.join(", ", pool.names()) + ")")));
        }
        List<String> names = call.backend() != null ? List.of(call.backend())
                : policy.candidates(call.taskType(), pool.names());
        for (String name : names) {
            infos.add(candidate(name, call, counts, bounds && policy.decidesByLimitsOnly()));
        }
        return policy.route(new RouteRequest(call.taskType(), call.backend(), infos));
    }

    /**
     * What this call would take on a backend. With {@code bounds}, a prompt whose upper bound
     * ({@link LLMBackend#tokenUpperBound}) plus the output fits the window, and whose projected cost at
     * that bound is within what the budgets and the call's cap leave, is given at the bound, uncounted:
     * the exact count is no larger, so it fits and is affordable too, and a policy deciding by those
     * limits alone decides the same. Any other prompt is counted exactly.
     */
    private CandidateInfo candidate(String name, ChatCall call, CallCounts counts, boolean bounds) {
        LLMBackend b = pool.get(name);
        CallCounts.Backend mine = viewOf(name, b, call, counts);
        List<Message> messages = mine.messages();
        int window = b.contextWindow();
        int maxOutput = maxOutput(b, call.request());
        BigDecimal left = budgets.leftUsd(name).orElse(null);
        if (call.maxCostUsd() != null) {
            left = left == null ? call.maxCostUsd() : left.min(call.maxCostUsd());
        }
        if (bounds) {
            int bound = mine.upperBound();
            if ((long) bound + maxOutput <= window) {
                BigDecimal cost = maxCost(name, b, bound, maxOutput);
                if (left == null || left.compareTo(cost) >= 0) {
                    return new CandidateInfo(name, b.type(), window, bound, maxOutput, bound, cost, left,
                            cooldowns.coolingDown(name));
                }
            }
        }
        int prompt = mine.count(messages);
        int shaped = prompt + maxOutput <= window ? prompt : ContextShaper.minimal(messages, mine::count);
        BigDecimal cost = maxCost(name, b, Math.min(prompt, window), maxOutput);
        return new CandidateInfo(name, b.type(), window, prompt, maxOutput, Math.min(prompt, shaped), cost, left,
                cooldowns.coolingDown(name));
    }

    private BigDecimal maxCost(String name, LLMBackend b, long prompt, long output) {
        return prices.price(name, b.model()).map(p -> p.maxCost(prompt, output)).orElse(BigDecimal.ZERO);
    }

    private static int maxOutput(LLMBackend b, ChatRequest r) {
        int asked = r.maxTokensIfSet().orElse(b.maxOutputTokens());
        return Math.min(asked, Math.max(1, b.contextWindow() / 2));
    }

    // ---- calls -----------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Answer> chatAsync(ChatCall call) {
        return CompletableFuture.supplyAsync(() -> chat(call), virtualThreads);
    }

    @Override
    public Answer chat(ChatCall call) {
        CallCounts counts = new CallCounts();
        RouteDecision decision = route(call, counts, true);
        List<String> chosen = decision.chosen();
        List<Attempt> attempts = new ArrayList<>();
        if (chosen.isEmpty()) {
            throw noCandidate(call, decision, counts);
        }
        for (String name : chosen) {
            Optional<Answer> answer = tryBackend(name, call, decision, attempts, counts);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw allFailed(call, attempts);
    }


    /**
     * What a call whose every candidate was tried and failed throws: a budget refusal when every try was
     * refused by a budget (a token budget refuses at the reservation, after routing, which judges dollars),
     * otherwise that all backends failed.
     */
    static RuntimeException allFailed(ChatCall call, List<Attempt> attempts) {
        if (!attempts.isEmpty() && attempts.stream().allMatch(a -> a.outcome().equals("budget"))) {
            return new BudgetExceededException("budget", "budget exceeded: no backend can take task '"
                    + call.taskType() + "' within the budget: " + attempts.getLast().detail());
        }
        return new AllBackendsFailedException("every candidate for task '" + call.taskType() + "' failed", attempts);
    }

    private RuntimeException noCandidate(ChatCall call, RouteDecision decision, CallCounts counts) {
        String reasons = decision.steps().stream().map(s -> s.backend() + ": " + s.reason())
                .reduce((a, b) -> a + "; " + b).orElse("no backend is configured");
        if (call.backend() != null) {
            CandidateInfo c = candidate(call.backend(), call, counts, false);
            if (!c.affordable()) {
                // Let the ledger say which budget and what it has left, in its own words.
                budgets.reserve(c.backend(), c.projectedCostUsd(), (long) c.shapedPromptTokens() + c.maxOutputTokens())
                        .release();
            }
            if (!c.affordable()) {
                throw new BudgetExceededException("task", "budget exceeded: backend '" + call.backend()
                        + "' cannot take this call: " + reasons);
            }
            return new AllBackendsFailedException("backend '" + call.backend() + "' cannot take this call: " + reasons,
                    List.of());
        }
        boolean overBudget = !decision.steps().isEmpty() && decision.steps().stream()
                .allMatch(s -> pool.has(s.backend()) && !candidate(s.backend(), call, counts, false).affordable());
        if (overBudget) {
            return new BudgetExceededException("budget", "budget exceeded: no backend can take task '"
                    + call.taskType() + "' within the budget: " + reasons);
        }
        return new AllBackendsFailedException("no backend can take task '" + call.taskType() + "': " + reasons,
                List.of());
    }

    private Optional<Answer> tryBackend(String name, ChatCall call, RouteDecision decision, List<Attempt> attempts,
                                        CallCounts counts) {
        LLMBackend b = pool.get(name);
        PreparedCall prepared = prepare(name, b, call, 1.0, counts);
        boolean regenerated = false;
        boolean reshaped = false;
        for (int attempt = 1; ; attempt++) {
            // Cool-down decides whether a call starts on a backend; a call already retrying it keeps its attempts.
            if (attempt == 1 && cooldowns.coolingDown(name)) {
                attempts.add(new Attempt(name, attempt, "cooling_down", 0, "skipped after repeated failures"));
                return Optional.empty();
            }
            Optional<String> overCap = overCallCap(call, prepared);
            if (overCap.isPresent()) {
                attempts.add(new Attempt(name, attempt, "budget", 0, overCap.get()));
                if (call.backend() != null) {
                    throw new BudgetExceededException("task", overCap.get());
                }
                return Optional.empty();
            }
            BudgetLedger.Reservation reservation;
            try {
                reservation = budgets.reserve(name, prepared.maxCostUsd(),
                        (long) prepared.promptTokens() + prepared.maxOutput());
            } catch (BudgetExceededException e) {
                attempts.add(new Attempt(name, attempt, "budget", 0, e.getMessage()));
                if (call.backend() != null) {
                    throw e;
                }
                return Optional.empty();
            }
            long start = System.nanoTime();
            ChatResponse response;
            try {
                response = b.chat(prepared.request());
            } catch (BackendException e) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                usage.record(name, b.model(), call.taskId(), Usage.ZERO, true);
                reservation.release();
                attempts.add(new Attempt(name, attempt, e.kind(), ms, e.getMessage()));
                LOG.debug("{} attempt {} failed: {}", name, attempt, e.getMessage());
                if (countsAgainstBackend(e)) {
                    cooldowns.failure(name);
                }
                if (e instanceof ContextLengthExceededException && !reshaped) {
                    reshaped = true;
                    prepared = prepare(name, b, call, 0.75, counts);
                    continue;
                }
                if (e instanceof MalformedOutputException) {
                    if (regenerated) {
                        return Optional.empty();
                    }
                    regenerated = true;
                    continue;
                }
                if (!e.retryable()) {
                    return Optional.empty();
                }
                Optional<Duration> wait = backoff.after(attempt, e.retryAfter());
                if (wait.isEmpty()) {
                    return Optional.empty();
                }
                if (!pause(wait.get())) {
                    return Optional.empty();
                }
                continue;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            BigDecimal cost = usage.record(name, b.model(), call.taskId(), response.usage(), false);
            reservation.settle(cost, response.usage().totalTokens());
            Optional<String> problem = validator.problem(prepared.request(), response);
            if (problem.isPresent()) {
                attempts.add(new Attempt(name, attempt, "malformed_output", ms, problem.get()));
                if (regenerated) {
                    return Optional.empty();
                }
                regenerated = true;
                prepared = corrective(prepared, response, problem.get());
                continue;
            }
            cooldowns.success(name);
            attempts.add(new Attempt(name, attempt, "ok", ms, ""));
            ChatResponse delivered = call.wantsValidatedOutput() && response.toolCalls().isEmpty()
                    ? new ChatResponse(OutputValidator.unfenced(response.content()), response.reasoning(),
                    response.finishReason(), response.toolCalls(), response.usage(), response.model())
                    : response;
            return Optional.of(new Answer(name, response.model().isEmpty() ? b.model() : response.model(), delivered,
                    attempts, cost, decision));
        }
    }

    /**
     * Why a call may not go ahead under its own cost cap (a task's limit), if it may not.
     *
     * @param call     the call
     * @param prepared the call as prepared for one backend
     * @return the reason, or empty when it fits
     */
    static Optional<String> overCallCap(ChatCall call, PreparedCall prepared) {
        if (call.maxCostUsd() == null || prepared.maxCostUsd().compareTo(call.maxCostUsd()) <= 0) {
            return Optional.empty();
        }
        return Optional.of("budget exceeded: the task's own limit has $" + call.maxCostUsd().toPlainString()
                + " left, and this call could cost up to $" + prepared.maxCostUsd().toPlainString());
    }

    private static boolean countsAgainstBackend(BackendException e) {
        return !(e instanceof InvalidRequestException || e instanceof ContextLengthExceededException
                || e instanceof MalformedOutputException);
    }

    private boolean pause(Duration d) {
        try {
            sleeper.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The same request with the bad answer and a correction appended, to regenerate once. */
    static PreparedCall corrective(PreparedCall p, ChatResponse bad, String problem) {
        List<Message> messages = new ArrayList<>(p.request().messages());
        messages.add(Message.assistant(bad.content()));
        messages.add(Message.user("Your previous answer was rejected: " + problem + ". Answer again"
                + (p.request().responseFormat().wantsJson() ? " with only the JSON, no prose and no code fence." : ".")));
        return new PreparedCall(p.request().withMessages(messages), p.promptTokens(), p.maxOutput(), p.maxCostUsd(),
                p.droppedTurns(), p.promptTokensExact());
    }

    /**
     * Persona, facts, shaping: the request as this backend will receive it. A conversation whose whole
     * prompt fits the shaping budget is sent whole, with its count as routing made it; only one that
     * does not fit is counted turn by turn to choose what to keep. With facts added the prompt is new
     * and shaped as such.
     *
     * <p>When no budget covering the backend limits dollars or tokens and the call has no cost cap,
     * nothing depends on the prompt's size but the fit: then a prompt whose upper bound fits the
     * shaping budget is sent whole on that bound, uncounted (the exact count is no larger, so shaping
     * would keep it all too), and the prepared call says its size is a bound. Otherwise the size is the
     * exact count, which the reservation and the cap need.
     */
    PreparedCall prepare(String name, LLMBackend b, ChatCall call, double budgetShare, CallCounts counts) {
        CallCounts.Backend mine = viewOf(name, b, call, counts);
        List<Message> messages = mine.messages();
        int maxOutput = maxOutput(b, call.request());
        int budget = (int) (ContextShaper.budget(b.contextWindow(), maxOutput) * budgetShare);
        if (!call.contextKeys().isEmpty()) {
            messages = withFacts(messages, call.contextKeys(), Math.max(0, budget / 4), b);
        }
        boolean summarize = summarizer.configured() && !name.equals(summarizer.backend());
        int allowance = summarize ? budget / 8 : 0;
        ContextShaper.Shaped shaped;
        int limit = budget - allowance;
        int whole = Integer.MAX_VALUE;
        boolean exact = true;
        if (messages == mine.messages()) {
            boolean sizeMatters = call.maxCostUsd() != null || budgets.limitsSize(name);
            whole = sizeMatters ? mine.count(messages) : mine.upperBound();
            exact = sizeMatters || mine.countedWhole();
            if (whole > limit && !exact) {
                whole = mine.count(messages);
                exact = true;
            }
        }
        if (whole <= limit) {
            shaped = new ContextShaper.Shaped(messages, whole, 0, List.of());
        } else {
            exact = true;
            shaped = ContextShaper.shape(messages, limit, mine::count);
        }
        if (shaped.dropped() > 0) {
            LOG.debug("{}: dropped {} older messages to fit {} tokens", name, shaped.dropped(), budget);
            if (summarize) {
                shaped = withSummary(shaped, allowance, b);
            }
        }
        BigDecimal cost = maxCost(name, b, shaped.tokens(), maxOutput);
        ChatRequest request = call.request().toBuilder().messages(shaped.messages()).maxTokens(maxOutput).build();
        return new PreparedCall(request, shaped.tokens(), maxOutput, cost, shaped.dropped(), exact);
    }

    /** The shaped conversation with a summary of what was dropped, when the summarizer answers. */
    private ContextShaper.Shaped withSummary(ContextShaper.Shaped shaped, int allowance, LLMBackend b) {
        Optional<String> summary;
        try {
            summary = summarizer.turns(shaped.droppedMessages(), allowance);
        } catch (RuntimeException e) {
            LOG.warn("could not summarize {} older messages ({}); they are dropped", shaped.dropped(), e.getMessage());
            return shaped;
        }
        if (summary.isEmpty()) {
            return shaped;
        }
        Message note = Message.system("Summary of the " + shaped.dropped() + " earlier messages of this conversation: "
                + summary.get());
        List<Message> out = new ArrayList<>(shaped.messages());
        int head = 0;
        while (head < out.size() && out.get(head).role() == dev.consort.spi.chat.Role.SYSTEM) {
            head++;
        }
        out.add(head, note);
        return new ContextShaper.Shaped(List.copyOf(out), shaped.tokens() + b.countTokens(List.of(note)),
                shaped.dropped(), shaped.droppedMessages());
    }

    /** This call's conversation for one backend (its persona first) and its counts there. */
    private CallCounts.Backend viewOf(String name, LLMBackend b, ChatCall call, CallCounts counts) {
        return counts.of(name, b, () -> withPersona(name, call.request().messages()));
    }

    private List<Message> withPersona(String name, List<Message> messages) {
        Persona p = personas.of(name);
        if (!p.hasPrompt()) {
            return messages;
        }
        List<Message> out = new ArrayList<>(messages.size() + 1);
        out.add(Message.system(p.systemPrompt()));
        out.addAll(messages);
        return out;
    }

    /**
     * The messages with project memory after the system prompt: facts by key, then files ({@code file:PATH})
     * as their cached summary (made by {@code summaries.backend} when set) or, without a summarizer, as
     * their text cut to fit; all within {@code cap} tokens of this backend.
     */
    private List<Message> withFacts(List<Message> messages, List<String> keys, int cap, LLMBackend b) {
        java.util.function.ToIntFunction<String> counter = text -> b.countTokens(List.of(Message.system(text)));
        List<String> factKeys = keys.stream().filter(k -> !k.startsWith("file:")).toList();
        List<String> fileKeys = keys.stream().filter(k -> k.startsWith("file:")).toList();
        List<Excerpt> excerpts = new ArrayList<>(factKeys.isEmpty() ? List.of()
                : store.retrieve(new Retrieval(factKeys, null, cap, counter)));
        int left = cap - excerpts.stream().mapToInt(Excerpt::tokens).sum();
        for (int i = 0; i < fileKeys.size() && left > 0; i++) {
            int share = left / (fileKeys.size() - i);
            Excerpt e = fileExcerpt(fileKeys.get(i), share, counter);
            if (e != null) {
                excerpts.add(e);
                left -= e.tokens();
            }
        }
        if (excerpts.isEmpty()) {
            return messages;
        }
        StringBuilder facts = new StringBuilder("Project facts:");
        excerpts.forEach(e -> facts.append("\n- ").append(e.key()).append(": ").append(e.text()));
        int head = 0;
        while (head < messages.size() && messages.get(head).role() == dev.consort.spi.chat.Role.SYSTEM) {
            head++;
        }
        List<Message> out = new ArrayList<>(messages);
        out.add(head, Message.system(facts.toString()));
        return out;
    }

    private Excerpt fileExcerpt(String key, int budget, java.util.function.ToIntFunction<String> counter) {
        java.nio.file.Path file = java.nio.file.Path.of(key.substring("file:".length()));
        if (summarizer.configured()) {
            try {
                String summary = summarizer.file(projectDir, file, budget).summary();
                return dev.consort.core.context.ExcerptTrimmer.fit("file", key + " (summary)", summary, 1, budget,
                        counter);
            } catch (RuntimeException e) {
                LOG.warn("{}: no summary ({}); its text is used instead", key, e.getMessage());
            }
        }
        try {
            String text = java.nio.file.Files.readString(projectDir.resolve(file), java.nio.charset.StandardCharsets.UTF_8);
            return dev.consort.core.context.ExcerptTrimmer.fit("file", key, text, 1, budget, counter);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("{}: cannot read it ({}); left out of the prompt", key, e.getMessage());
            return null;
        }
    }

    // ---- streaming -------------------------------------------------------------------------------

    @Override
    public AnswerStream stream(ChatCall call) {
        CallCounts counts = new CallCounts();
        RouteDecision decision = route(call, counts, true);
        if (decision.chosen().isEmpty()) {
            throw noCandidate(call, decision, counts);
        }
        return new StreamingCall(this, call, decision, counts);
    }

    /** What StreamingCall needs of the engine. */
    BackendPool pool() {
        return pool;
    }

    BudgetLedger budgets() {
        return budgets;
    }

    UsageLedger usage() {
        return usage;
    }

    Cooldowns cooldowns() {
        return cooldowns;
    }

    Backoff backoff() {
        return backoff;
    }

    OutputValidator validator() {
        return validator;
    }

    boolean restartPartialStreams() {
        return restartPartialStreams;
    }

    boolean pauseFor(Duration d) {
        return pause(d);
    }

    static boolean countsAgainst(BackendException e) {
        return countsAgainstBackend(e);
    }

    // ---- personas and state ----------------------------------------------------------------------

    @Override
    public Persona persona(String backend) {
        if (!pool.has(backend)) {
            throw new IllegalArgumentException("no backend named '" + backend + "'");
        }
        return personas.of(backend);
    }

    @Override
    public void setPersona(String backend, Persona persona) {
        personas.set(backend, persona);
    }

    @Override
    public void resetPersona(String backend) {
        personas.reset(backend);
    }

    @Override
    public void resetBackendContext(String backend) {
        if (!pool.has(backend)) {
            throw new IllegalArgumentException("no backend named '" + backend + "'");
        }
        pool.ifCreated(backend).ifPresent(LLMBackend::resetContext);
        store.resetSession(sessionId, backend);
    }

    @Override
    public List<BackendStatus> backends() {
        List<BackendStatus> out = new ArrayList<>();
        for (String name : pool.names()) {
            LLMBackend b = pool.get(name);
            out.add(new BackendStatus(name, b.type(), b.model(), b.contextWindow(), budgets.leftUsd(name).orElse(null),
                    cooldowns.coolingDown(name)));
        }
        return out;
    }

    /** The price used for a backend's model, if known. */
    public Optional<Price> price(String backend) {
        return prices.price(backend, pool.get(backend).model());
    }

    @Override
    public void close() {
        virtualThreads.close();
        pool.close();
    }
}
