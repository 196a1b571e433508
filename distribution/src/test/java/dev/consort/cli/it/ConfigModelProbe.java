package dev.consort.cli.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.consort.core.api.Consort;
import dev.consort.core.api.PluginInfo;
import dev.consort.core.api.PluginReport;
import dev.consort.core.config.ConfigLoader;
import dev.consort.core.config.ConfigNode;
import dev.consort.core.config.ConfigSources;
import dev.consort.core.config.LocatedConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the real configuration validator which keys it accepts. Runs in its own JVM with the built
 * distribution's {@code lib/} on the module path and its {@code plugins/} loaded, as {@code bin/consort}
 * runs; {@link ConfigReferenceIT} starts it and compares what it prints with the document.
 *
 * <p>For a section, it writes a configuration with one more key, {@value #PROBE}, builds Consort from it,
 * makes the store, prices and tools as the first command that uses them would, and reads the answer:
 * "unknown key 'zz_probe' in … (known: a, b)" lists the section's keys; an answer that names the probe
 * means the section is keyed by names the user chooses (explored through a sample name from
 * {@link #NAMED}); no error means the section is open; any other answer means the key holds a value.
 * Backends are explored once per backend type, {@code context} once per store type.
 *
 * <p>Usage: {@code keys PLUGINS WORK} prints {@code ACCEPTED<TAB>variant<TAB>key<TAB>kind} lines (and
 * {@code PROBLEM<TAB>text}); {@code defaults PLUGINS WORK FILE} reads {@code key<TAB>yaml-value} lines and
 * prints for each {@code DEFAULT<TAB>key<TAB>SAME|DIFFERENT|REFUSED|UNCHECKED<TAB>detail}.
 */
public final class ConfigModelProbe {

    static final String PROBE = "zz_probe";

    private static final Pattern UNKNOWN = Pattern.compile("unknown key '" + PROBE + "'(?: in (\\S+))? \\(known: ([^)]*)\\)");

    /**
     * Sections keyed by names the user chooses: the placeholder the document writes for the name, and a
     * name that is valid in {@link #SCAFFOLD}. A new section of this kind needs a line here.
     */
    static final Map<String, NamedSection> NAMED = Map.of(
            "backends", new NamedSection("<name>", "b1", Map.of()),
            "personas", new NamedSection("<backend>", "b1", Map.of()),
            "budgets.backends", new NamedSection("<backend>", "b1", Map.of()),
            "routing.rules", new NamedSection("<task>", "chat", Map.of()),
            "pricing", new NamedSection("<model>", "gpt-4.1-mini", Map.of()),
            "gateway.aliases", new NamedSection("<alias>", "gpt-4o", Map.of()),
            "gateway.clients", new NamedSection("<client>", "ci", Map.of("key", "sha256:" + "0".repeat(64))));

    /** Sections whose keys depend on a discriminating key. */
    static final Map<String, String> VARIANTS = Map.of("backends.<name>", "type", "context", "store");

    /** The smallest valid configuration every probe starts from. */
    private static final String SCAFFOLD = """
            backends:
              b1: { type: openai, model: gpt-4.1-mini, base_url: "http://127.0.0.1:9/v1" }
            routing:
              rules: { chat: [b1] }
            """;

    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * A section keyed by names the user chooses.
     *
     * @param placeholder how the document writes the name ({@code <backend>})
     * @param sample      a name valid in {@link #SCAFFOLD}
     * @param required    what an entry needs besides the key explored (so that its own checks come first)
     */
    record NamedSection(String placeholder, String sample, Map<String, Object> required) {
    }

    private final Path pluginsDir;
    private final Path work;
    private final PluginReport plugins;
    private final PrintStream out;

    private ConfigModelProbe(Path pluginsDir, Path work, PrintStream out) {
        this.pluginsDir = pluginsDir;
        this.work = work;
        this.plugins = Consort.scanPlugins(pluginsDir);
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ConfigModelProbe probe = new ConfigModelProbe(Path.of(args[1]), Path.of(args[2]), out);
        if (!probe.plugins.problems().isEmpty()) {
            out.println("PROBLEM\tplugins failed to load: " + probe.plugins.problems());
        }
        switch (args[0]) {
            case "keys" -> probe.explore("", scaffold(), List.of(), List.of());
            case "defaults" -> {
                for (String line : Files.readAllLines(Path.of(args[3]))) {
                    String[] kv = line.split("\t", 2);
                    probe.checkDefault(kv[0], kv[1]);
                }
            }
            default -> throw new IllegalArgumentException("keys or defaults, not " + args[0]);
        }
        out.flush();
    }

    // ---- keys ----

    private void accepted(String variant, String key, String kind) {
        out.println("ACCEPTED\t" + variant + "\t" + key + "\t" + kind);
    }

    private void explore(String variant, Map<String, Object> base, List<String> shown, List<String> actual)
            throws IOException {
        String key = String.join(".", shown).replace(".[]", "[]");
        String discriminator = VARIANTS.get(key);
        if (discriminator != null && variant.isEmpty()) {
            accepted("", key + "." + discriminator, "LEAF");
            for (String value : valuesOf(discriminator)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(discriminator, value);
                exploreVariant(discriminator + ": " + value, with(base, actual, entry), shown, actual, discriminator);
            }
            return;
        }
        Optional<String> refusal = refusal(with(base, append(actual, PROBE), "1"));
        if (refusal.isEmpty()) {
            accepted(variant, key, "OPEN");
            return;
        }
        Matcher unknown = UNKNOWN.matcher(refusal.get());
        if (unknown.find()) {
            if (!shown.isEmpty()) {
                accepted(variant, key, "SECTION");
            }
            for (String child : unknown.group(2).split(",\\s*")) {
                if (!child.equals(discriminator)) {
                    explore(variant, base, append(shown, child), append(actual, child));
                }
            }
            return;
        }
        if (refusal.get().contains(PROBE)) {
            NamedSection named = NAMED.get(key);
            if (named == null) {
                out.println("PROBLEM\t`" + key + "` is keyed by names the test cannot guess (the validator said: "
                        + refusal.get() + "); add it to ConfigModelProbe.NAMED with a placeholder and a sample name,"
                        + " and document its entries as `" + key + ".<placeholder>.KEY`");
                return;
            }
            accepted(variant, key, "NAMED");
            List<String> entry = append(actual, named.sample());
            Map<String, Object> seeded = named.required().isEmpty() ? base : with(base, entry, new LinkedHashMap<>(named.required()));
            explore(variant, seeded, append(shown, named.placeholder()), entry);
            return;
        }
        if (refusal.get().contains("must be a list")) {
            List<String> itemProbe = append(append(actual, "[]"), PROBE);
            Matcher item = UNKNOWN.matcher(refusal(with(base, itemProbe, "1")).orElse(""));
            if (item.find()) {
                accepted(variant, key, "LIST_OF_SECTIONS");
                for (String child : item.group(2).split(",\\s*")) {
                    accepted(variant, key + "[]." + child, "LEAF");
                }
                return;
            }
        }
        accepted(variant, key, "LEAF");
    }

    /**
     * The keys of one backend type or store type. Its provider must refuse an unknown key with
     * {@code checkKeys} before it connects anywhere, or its keys cannot be discovered: that is a problem.
     */
    private void exploreVariant(String variant, Map<String, Object> base, List<String> shown, List<String> actual,
                                String discriminator) throws IOException {
        String key = String.join(".", shown);
        Optional<String> refusal = refusal(with(base, append(actual, PROBE), "1"));
        if (refusal.isEmpty()) {
            accepted(variant, key, "OPEN");
            return;
        }
        Matcher unknown = UNKNOWN.matcher(refusal.get());
        if (!unknown.find()) {
            out.println("PROBLEM\tthe keys of `" + variant + "` cannot be discovered: with an unknown key in `" + key
                    + "` the provider answered \"" + refusal.get() + "\"; it should call config.checkKeys(...) first,"
                    + " before it connects anywhere or requires other keys");
            return;
        }
        accepted(variant, key, "SECTION");
        for (String child : unknown.group(2).split(",\\s*")) {
            if (!child.equals(discriminator)) {
                explore(variant, base, append(shown, child), append(actual, child));
            }
        }
    }

    private List<String> valuesOf(String discriminator) {
        TreeSet<String> values = new TreeSet<>();
        for (PluginInfo p : plugins.plugins()) {
            values.addAll(discriminator.equals("type") ? p.backendTypes() : p.stores());
        }
        return new ArrayList<>(values);
    }

    /**
     * What the real Consort says about a configuration: built with the plugins, then its store, prices and
     * tools made, as the first command that uses them would. Empty when it is accepted.
     */
    private Optional<String> refusal(Map<String, Object> config) throws IOException {
        Path project = Files.createTempDirectory(work, "probe");
        Path file = project.resolve("consort.yaml");
        YAML.writeValue(file.toFile(), config);
        try (Consort consort = Consort.builder().workingDir(project).configFile(file).pluginsDir(pluginsDir)
                .home(Files.createDirectories(project.resolve(".home"))).environment(Map.of()).build()) {
            consort.contextStore();
            consort.usage();
            consort.toolRunner();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    // ---- defaults ----

    /** Compares the bound model with {@code key} set to {@code yamlValue} against the model without it. */
    private void checkDefault(String key, String yamlValue) throws IOException {
        List<String> path = actualPath(key);
        Map<String, Object> base = withParent(scaffold(), path);
        Object value = YAML.readValue(yamlValue.isEmpty() ? "''" : yamlValue, Object.class);
        String without;
        try {
            without = render(bind(base));
        } catch (RuntimeException e) {
            out.println("DEFAULT\t" + key + "\tUNCHECKED\tthe section does not bind without it: " + e.getMessage());
            return;
        }
        String withValue;
        try {
            withValue = render(bind(with(base, path, value)));
        } catch (RuntimeException e) {
            out.println("DEFAULT\t" + key + "\tREFUSED\t" + e.getMessage());
            return;
        }
        out.println("DEFAULT\t" + key + "\t" + (withValue.equals(without) ? "SAME" : "DIFFERENT\t" + difference(without, withValue)));
    }

    /** Where two renderings differ, with a little context: {@code …retry=RetrySettings[attempts=3… / …attempts=4…}. */
    static String difference(String without, String with) {
        int p = 0;
        while (p < without.length() && p < with.length() && without.charAt(p) == with.charAt(p)) {
            p++;
        }
        int s = 0;
        while (s < without.length() - p && s < with.length() - p
                && without.charAt(without.length() - 1 - s) == with.charAt(with.length() - 1 - s)) {
            s++;
        }
        int from = Math.max(0, p - 40);
        return "without the key: …" + without.substring(from, without.length() - s) + "… / with it: …"
                + with.substring(from, with.length() - s) + "…";
    }

    private Object bind(Map<String, Object> config) throws IOException {
        Path project = Files.createTempDirectory(work, "bind");
        Path file = project.resolve("consort.yaml");
        YAML.writeValue(file.toFile(), config);
        Path home = Files.createDirectories(project.resolve(".home"));
        return ConfigLoader.load(new ConfigSources(project, file, home, name -> null));
    }

    /** The bound records as text, leaving out the raw subtrees kept for providers and where things came from. */
    static String render(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof LocatedConfig || o instanceof ConfigNode || o instanceof Path) {
            return "_";
        }
        if (o instanceof Record r) {
            StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('[');
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getName().equals("sources")) {
                    continue;
                }
                try {
                    b.append(c.getName()).append('=').append(render(c.getAccessor().invoke(r))).append(' ');
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return b.append(']').toString();
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, String> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), render(v)));
            return sorted.toString();
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(ConfigModelProbe::render).toList().toString();
        }
        return String.valueOf(o);
    }

    // ---- configuration trees ----

    private static Map<String, Object> scaffold() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = YAML.readValue(SCAFFOLD, Map.class);
        return m;
    }

    /** A documented key as written in a configuration: placeholders replaced by sample names. */
    static List<String> actualPath(String documentedKey) {
        List<String> out = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (String segment : documentedKey.split("\\.")) {
            NamedSection named = NAMED.get(String.join(".", shown));
            out.add(named != null && segment.equals(named.placeholder()) ? named.sample() : segment);
            shown.add(segment);
        }
        return out;
    }

    /** A copy of {@code tree} in which the parent section of {@code path} exists (empty when it did not). */
    private static Map<String, Object> withParent(Map<String, Object> tree, List<String> path) {
        Map<String, Object> copy = deepCopy(tree);
        Map<String, Object> at = copy;
        for (String segment : path.subList(0, path.size() - 1)) {
            Object next = at.get(segment);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(segment, next);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) next;
            at = m;
        }
        return copy;
    }

    /** A copy of {@code tree} with {@code value} at {@code path}; a {@code []} segment is a one-item list. */
    private static Map<String, Object> with(Map<String, Object> tree, List<String> path, Object value) {
        Map<String, Object> copy = deepCopy(tree);
        put(copy, path, 0, value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> at, List<String> path, int i, Object value) {
        String segment = path.get(i);
        if (i == path.size() - 1) {
            at.put(segment, value);
            return;
        }
        if (path.get(i + 1).equals("[]")) {
            Map<String, Object> item = new LinkedHashMap<>();
            at.put(segment, new ArrayList<>(List.of(item)));
            put(item, path, i + 2, value);
            return;
        }
        Object next = at.get(segment);
        if (!(next instanceof Map)) {
            next = new LinkedHashMap<String, Object>();
            at.put(segment, next);
        }
        put((Map<String, Object>) next, path, i + 1, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> tree) {
        return new ObjectMapper().convertValue(tree, LinkedHashMap.class);
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
