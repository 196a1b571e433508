package dev.consort.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/configuration.md} true to the configuration model: every key the validator accepts
 * is documented, every documented key is accepted, and every default written as a single code span is
 * what leaving the key out binds.
 *
 * <p>The keys are not listed here: {@link ConfigModelProbe} asks the real validator, with the built
 * distribution's plugins loaded, in a JVM of its own. The document is read as tables whose first cell is
 * a key in backticks ({@code | `routing.retry.attempts` | `3` | … |}); a heading holding
 * {@code `type: openai`} or {@code `store: sqlite`} makes the tables under it specific to that backend type
 * or context store. The second cell is the default: when it is exactly one code span and the key is one
 * of core's, it is checked.
 */
class ConfigReferenceIT {

    /** Where the reference lives, from the distribution module's folder. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String SHOWN = "docs/configuration.md";

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|");
    private static final Pattern VARIANT_HEADING = Pattern.compile("`(type|store): ([A-Za-z0-9_.-]+)`");
    private static final Pattern ONE_CODE_SPAN = Pattern.compile("^\\s*`([^`]*)`\\s*$");

    @TempDir
    static Path work;

    private static List<Accepted> accepted;
    private static List<String> probeProblems;

    /** A key the model accepts: for all configurations ({@code variant} empty) or for one type or store. */
    record Accepted(String variant, String key, String kind) {
        boolean mustBeDocumented() {
            return kind.equals("LEAF") || kind.equals("OPEN");
        }
    }

    /** A key the document describes, with its default cell, under a variant heading or not. */
    record Documented(String variant, String key, String defaultCell, int line) {
    }

    @BeforeAll
    static void askTheValidator() throws Exception {
        accepted = new ArrayList<>();
        probeProblems = new ArrayList<>();
        for (String line : probe("keys")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "ACCEPTED" -> accepted.add(new Accepted(f[1], f[2], f[3]));
                case "PROBLEM" -> probeProblems.add(f[1]);
                default -> { }
            }
        }
        assertTrue(accepted.stream().anyMatch(a -> a.variant().equals("type: openai")),
                "the bundled plugins did not load; the reference is checked against them: " + probeProblems);
    }

    @Test
    void everyKeyTheModelAcceptsIsDocumentedAndEveryDocumentedKeyIsAccepted() throws Exception {
        List<Documented> documented = readDocument();
        List<String> problems = new ArrayList<>(probeProblems);

        Set<String> documentedKeys = new LinkedHashSet<>();
        documented.forEach(d -> documentedKeys.add(d.variant() + "|" + d.key()));
        for (Accepted a : accepted) {
            if (!a.mustBeDocumented()) {
                continue;
            }
            boolean shown = documentedKeys.contains(a.variant() + "|" + a.key()) || documentedKeys.contains("|" + a.key())
                    || a.kind().equals("OPEN") && documented.stream().anyMatch(d -> d.key().startsWith(a.key() + "."));
            if (!shown) {
                problems.add(SHOWN + " does not document `" + a.key() + "`" + where(a.variant())
                        + ", which the configuration accepts: add a row | `" + a.key() + "` | default | meaning |"
                        + (a.variant().isEmpty() ? "" : " under the heading that holds `" + a.variant() + "`"));
            }
        }
        for (Documented d : documented) {
            boolean exists = accepted.stream().anyMatch(a -> a.key().equals(d.key())
                    && (d.variant().isEmpty() || a.variant().equals(d.variant()) || a.variant().isEmpty()))
                    || accepted.stream().anyMatch(a -> a.kind().equals("OPEN") && d.key().startsWith(a.key() + ".")
                    && (a.variant().isEmpty() || a.variant().equals(d.variant())));
            if (!exists) {
                problems.add(SHOWN + ":" + d.line() + " documents `" + d.key() + "`" + where(d.variant())
                        + ", which the configuration does not accept: remove the row, or fix the key");
            }
        }
        Set<String> headings = variantHeadings();
        Set<String> loaded = new TreeSet<>();
        accepted.stream().map(Accepted::variant).filter(v -> !v.isEmpty()).forEach(loaded::add);
        for (String variant : headings) {
            if (!loaded.contains(variant)) {
                problems.add(SHOWN + " has a section for `" + variant + "`, which no bundled plugin provides");
            }
        }
        for (String variant : loaded) {
            if (!headings.contains(variant)) {
                problems.add(SHOWN + " has no heading holding `" + variant + "` for that type's keys");
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " difference(s) between the configuration model and " + SHOWN + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    @Test
    void everyMachineReadableDefaultIsWhatLeavingTheKeyOutBinds() throws Exception {
        List<Documented> checked = new ArrayList<>();
        StringBuilder request = new StringBuilder();
        for (Documented d : readDocument()) {
            Matcher m = ONE_CODE_SPAN.matcher(d.defaultCell());
            boolean coreLeaf = accepted.stream().anyMatch(a -> a.variant().isEmpty() && a.key().equals(d.key())
                    && a.kind().equals("LEAF"));
            if (d.variant().isEmpty() && m.matches() && coreLeaf && !d.key().contains("[]")) {
                checked.add(d);
                request.append(d.key()).append('\t').append(m.group(1)).append('\n');
            }
        }
        assertTrue(checked.size() >= 10, "only " + checked.size() + " defaults are machine-readable; is the table"
                + " format of " + SHOWN + " intact?");
        Path file = Files.writeString(work.resolve("defaults.tsv"), request);
        List<String> problems = new ArrayList<>();
        for (String line : probe("defaults", file.toString())) {
            String[] f = line.split("\t", 4);
            if (!f[0].equals("DEFAULT") || f[2].equals("SAME") || f[2].equals("UNCHECKED")) {
                continue;
            }
            Documented d = checked.stream().filter(c -> c.key().equals(f[1])).findFirst().orElseThrow();
            problems.add(SHOWN + ":" + d.line() + ": `" + d.key() + "` is documented to default to "
                    + d.defaultCell().strip() + (f[2].equals("REFUSED") ? ", but that value is refused: " + f[3]
                    : ", but writing that value binds another configuration than leaving the key out: " + f[3]));
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n  ", problems));
        }
    }

    /** Runs {@link ConfigModelProbe} against the built distribution, as bin/consort runs: on the module path. */
    private static List<String> probe(String... args) throws Exception {
        Path home = Dist.home();
        Path classes = Path.of(ConfigModelProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--module-path", home.resolve("lib").toString(), "--add-modules", "ALL-MODULE-PATH",
                "--add-exports", "dev.consort.core/dev.consort.core.config=ALL-UNNAMED",
                "-cp", classes.toString(), ConfigModelProbe.class.getName(), args[0],
                home.resolve("plugins").toString(), Files.createTempDirectory(work, "probe").toString()));
        for (int i = 1; i < args.length; i++) {
            cmd.add(args[i]);
        }
        Path out = work.resolve("probe-" + args[0] + ".out");
        Path err = work.resolve("probe-" + args[0] + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the configuration probe did not finish");
        }
        assertEquals(0, p.exitValue(), "the configuration probe failed:\n" + Files.readString(err, StandardCharsets.UTF_8));
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static List<Documented> readDocument() throws IOException {
        assertTrue(Files.isRegularFile(DOC), DOC.toAbsolutePath().normalize() + " is missing");
        List<Documented> out = new ArrayList<>();
        String variant = "";
        List<String> lines = Files.readAllLines(DOC);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                Matcher v = VARIANT_HEADING.matcher(line);
                variant = v.find() ? v.group(1) + ": " + v.group(2) : "";
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find() && isConfigurationKey(row.group(1).trim())) {
                out.add(new Documented(variant, row.group(1).trim(), row.group(2).trim(), i + 1));
            }
        }
        return out;
    }

    /** A first cell that names a key: dotted, or one of the model's top-level names. */
    private static boolean isConfigurationKey(String cell) {
        return cell.matches("[a-z_]+(\\.|\\[).*")
                || accepted.stream().anyMatch(a -> a.key().equals(cell) || a.key().startsWith(cell + "."));
    }

    /** The {@code type: X} and {@code store: X} the document's headings name. */
    private static Set<String> variantHeadings() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher v = VARIANT_HEADING.matcher(line);
            if (line.startsWith("#") && v.find()) {
                out.add(v.group(1) + ": " + v.group(2));
            }
        }
        return out;
    }

    private static String where(String variant) {
        return variant.isEmpty() ? "" : " (for `" + variant + "`)";
    }
}
