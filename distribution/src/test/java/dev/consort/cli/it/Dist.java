package dev.consort.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The built distribution tree, and a way to run its bin/consort as a user would. */
final class Dist {

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Path home() {
        String p = System.getProperty("consort.dist");
        if (p == null) {
            throw new IllegalStateException("run through Maven (failsafe sets consort.dist)");
        }
        return Path.of(p);
    }

    static Path spiJar() throws IOException {
        try (Stream<Path> s = Files.list(home().resolve("lib"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("spi-")).findFirst().orElseThrow();
        }
    }

    /** Runs bin/consort in {@code dir} with a private HOME, and extra environment. */
    static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        return runWithInput(dir, env, null, args);
    }

    /** Runs bin/consort with this text on its standard input (none when null). */
    static Result runWithInput(Path dir, Map<String, String> env, String input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home().resolve("bin/consort").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("CONSORT_") || k.equals("XDG_CONFIG_HOME") || k.equals("XDG_CACHE_HOME"));
        Path fakeHome = dir.resolve(".home");
        Files.createDirectories(fakeHome);
        e.put("HOME", fakeHome.toString());
        e.put("CONSORT_AOT", "off");
        e.putAll(new HashMap<>(env));
        Path out = Files.createTempFile("consort-out", ".txt");
        Path err = Files.createTempFile("consort-err", ".txt");
        Path in = input == null ? Path.of("/dev/null") : Files.writeString(Files.createTempFile("consort-in", ".txt"),
                input, StandardCharsets.UTF_8);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                in.toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/consort " + String.join(" ", args) + " did not finish in 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (input != null) {
            Files.deleteIfExists(in);
        }
        return r;
    }

    /** The environment a run gets: private HOME, no CONSORT_ variables, no AOT cache. */
    static void prepare(Path dir, Map<String, String> e) throws IOException {
        e.keySet().removeIf(k -> k.startsWith("CONSORT_") || k.equals("XDG_CONFIG_HOME") || k.equals("XDG_CACHE_HOME"));
        Path fakeHome = dir.resolve(".home");
        Files.createDirectories(fakeHome);
        e.put("HOME", fakeHome.toString());
        e.put("CONSORT_AOT", "off");
    }

    static Result run(Path dir, String... args) throws Exception {
        return run(dir, Map.of(), args);
    }

    private Dist() {
    }
}
