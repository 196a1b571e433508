package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code yaml} example in README.md and the guides in docs/ is a configuration that {@code consort config check}
 * accepts, as a user would paste it into {@code consort.yaml}. An example without {@code backends} is
 * checked over a global configuration that defines the backends the guides use (fast, local, review,
 * planner), exactly as Consort lays a project file over the user's.
 */
class DocumentedConfigurationsIT {

    private static final Path ROOT = Path.of("..");

    private static final String GLOBAL = """
            backends:
              fast: { type: openai, model: gpt-4.1-mini }
              local: { type: ollama, model: qwen2.5-coder:1.5b }
              review: { type: gemini, model: gemini-2.5-pro, api_key: k }
              planner: { type: anthropic, model: claude-opus-4-1 }
            """;

    private static final Map<String, String> KEYS = Map.of("OPENAI_API_KEY", "sk-doc", "GEMINI_API_KEY", "g-doc",
            "ANTHROPIC_API_KEY", "a-doc", "PGPASSWORD", "pg-doc");

    @TempDir
    Path work;

    record Example(Path file, int line, String text) {
    }

    @Test
    void everyYamlExampleInTheDocumentationPassesConfigCheck() throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 3, "found only " + examples.size() + " yaml examples: " + examples);
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Example e : examples) {
            Path dir = Files.createDirectories(work.resolve("example-" + n++));
            Files.writeString(dir.resolve("consort.yaml"), e.text());
            if (!e.text().lines().anyMatch(l -> l.startsWith("backends:"))) {
                Path global = Files.createDirectories(dir.resolve(".home/.config/consort")).resolve("config.yaml");
                Files.writeString(global, GLOBAL);
            }
            Dist.Result r = Dist.run(dir, KEYS, "config", "check");
            if (r.exit() != 0) {
                problems.add(ROOT.relativize(e.file()) + ":" + e.line() + ": the yaml example fails `consort config check`: "
                        + r.err().strip());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n  ", problems));
        }
    }

    /** The fenced {@code yaml} blocks of README.md and docs/*.md, with the line each starts on. */
    private static List<Example> examples() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            // PERFORMANCE.md holds measurement set-ups, not configurations for users.
            docs.filter(p -> p.toString().endsWith(".md") && !p.endsWith("PERFORMANCE.md")).sorted().forEach(files::add);
        }
        List<Example> out = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals("```yaml")) {
                    int start = i + 1;
                    StringBuilder text = new StringBuilder();
                    String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
                    for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                        String line = lines.get(i);
                        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
                    }
                    out.add(new Example(file, start, text.toString()));
                }
            }
        }
        return out;
    }
}
