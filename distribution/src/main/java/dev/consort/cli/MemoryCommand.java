package dev.consort.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.consort.core.api.Consort;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.context.ContextStore;
import dev.consort.spi.context.Excerpt;
import dev.consort.spi.context.Fact;
import dev.consort.spi.context.Retrieval;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort memory}: project facts kept outside any model. */
@Command(name = "memory", mixinStandardHelpOptions = true, description = "Project memory: facts kept outside any model.",
        subcommands = {MemoryCommand.Add.class, MemoryCommand.ListFacts.class, MemoryCommand.Search.class,
                MemoryCommand.Forget.class, MemoryCommand.Summarize.class})
final class MemoryCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds or replaces a fact. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace a fact.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        private MemoryCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The fact's key (e.g. build.command).")
        private String key;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The fact.")
        private List<String> text;

        @Option(names = "--tag", paramLabel = "T", description = "A tag (repeatable).")
        private List<String> tags = List.of();

        @Override
        public Integer call() {
            if (key.isBlank()) {
                throw new UsageException("the key is empty");
            }
            try (Consort consort = parent.root.consort()) {
                ContextStore store = consort.contextStore();
                boolean replaced = store.fact(key).isPresent();
                store.putFact(new Fact(key, String.join(" ", text), tags, "user", Instant.now()));
                spec.commandLine().getOut().println((replaced ? "replaced " : "added ") + key);
                return ExitCodes.OK;
            }
        }
    }

    /** Lists the facts. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the facts.")
    static final class ListFacts implements Callable<Integer> {
        @ParentCommand
        private MemoryCommand parent;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print JSON.")
        private boolean json;

        @Override
        public Integer call() throws Exception {
            try (Consort consort = parent.root.consort()) {
                List<Fact> facts = consort.contextStore().facts();
                var out = spec.commandLine().getOut();
                if (json) {
                    ArrayNode a = JSON.createArrayNode();
                    for (Fact f : facts) {
                        var n = a.addObject().put("key", f.key()).put("text", f.text()).put("source", f.source())
                                .put("updated", f.updated().toString());
                        f.tags().forEach(n.putArray("tags")::add);
                    }
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                    return ExitCodes.OK;
                }
                Table t = new Table("KEY", "TAGS", "TEXT");
                for (Fact f : facts) {
                    String text = f.text().replaceAll("\\s+", " ");
                    t.row(f.key(), f.tags().isEmpty() ? "-" : String.join(",", f.tags()),
                            text.length() > 80 ? text.substring(0, 77) + "..." : text);
                }
                t.print(out);
                return ExitCodes.OK;
            }
        }
    }

    /** Full-text search within a token budget. */
    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Find the facts that best match a query, trimmed to a token budget.")
    static final class Search implements Callable<Integer> {
        @ParentCommand
        private MemoryCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Words to look for.")
        private List<String> query;

        @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "2000", description = "Token budget (default ${DEFAULT-VALUE}).")
        private int maxTokens;

        @Override
        public Integer call() {
            if (maxTokens <= 0) {
                throw new UsageException("--max-tokens must be positive");
            }
            TokenEstimator estimator = new TokenEstimator();
            try (Consort consort = parent.root.consort()) {
                List<Excerpt> found = consort.contextStore().retrieve(new Retrieval(List.of(), String.join(" ", query),
                        maxTokens, estimator::estimate));
                var out = spec.commandLine().getOut();
                int total = 0;
                for (Excerpt e : found) {
                    out.println(e.key() + " (" + e.tokens() + " tokens): " + e.text());
                    total += e.tokens();
                }
                spec.commandLine().getErr().println(found.size() + " excerpt(s), about " + total + " of " + maxTokens
                        + " tokens");
                return ExitCodes.OK;
            }
        }
    }

    /** Summarizes a file through the summarizer backend, cached by content hash. */
    @Command(name = "summarize", mixinStandardHelpOptions = true,
            description = "Summarize a file with summaries.backend (cached: an unchanged file is never summarized twice).")
    static final class Summarize implements Callable<Integer> {
        @ParentCommand
        private MemoryCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The file.")
        private java.nio.file.Path file;

        @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "300", description = "Budget (default ${DEFAULT-VALUE}).")
        private int maxTokens;

        @Override
        public Integer call() {
            if (maxTokens <= 0) {
                throw new UsageException("--max-tokens must be positive");
            }
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new UsageException(file + ": no such file");
            }
            try (Consort consort = parent.root.consort()) {
                dev.consort.spi.context.FileSummary s;
                try {
                    s = consort.summarizeFile(file.toAbsolutePath(), maxTokens);
                } catch (IllegalStateException e) {
                    throw new UsageException(e.getMessage());
                }
                spec.commandLine().getOut().println(s.summary());
                spec.commandLine().getErr().println("[" + s.path() + ", " + s.tokens() + " tokens, sha256 "
                        + s.contentSha256().substring(0, 12) + "]");
                return ExitCodes.OK;
            }
        }
    }

    /** Removes a fact. */
    @Command(name = "forget", mixinStandardHelpOptions = true, description = "Remove a fact.")
    static final class Forget implements Callable<Integer> {
        @ParentCommand
        private MemoryCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "KEY", description = "The fact's key.")
        private String key;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                if (!consort.contextStore().forgetFact(key)) {
                    spec.commandLine().getErr().println("consort: no fact named '" + key + "'");
                    return ExitCodes.FAILURE;
                }
                spec.commandLine().getOut().println("forgot " + key);
                return ExitCodes.OK;
            }
        }
    }
}
