package dev.consort.cli.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources with the JDK's compiler against given jars on the module path and packs them
 * into a jar: real drop-in plugins built at test time, as a third party would build them.
 */
final class PluginJar {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Path> modulePath = new ArrayList<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();

    PluginJar source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    PluginJar against(Path jar) {
        modulePath.add(jar);
        return this;
    }

    PluginJar manifest(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    Path build(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = work.resolve("classes");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(), "-nowarn"));
        if (!modulePath.isEmpty()) {
            args.add("--module-path");
            args.add(String.join(java.io.File.pathSeparator, modulePath.stream().map(Path::toString).toList()));
        }
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = work.resolve("src").resolve(s.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, System.err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new AssertionError("test plugin did not compile: " + sources.keySet());
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
        return jar;
    }

    /** A backend provider of {@code type} in module {@code module}; {@code extra} goes into its class body. */
    static PluginJar backend(String module, String type, String typeExpression, String requires, String ctorBody) {
        String pkg = module;
        return new PluginJar()
                .source("module-info.java", "module " + module + " { requires dev.consort.spi; " + requires
                        + " provides dev.consort.spi.backend.BackendProvider with " + pkg + ".Provider; }")
                .source(pkg.replace('.', '/') + "/Provider.java", """
                        package %s;
                        import dev.consort.spi.backend.*;
                        import dev.consort.spi.chat.*;
                        import dev.consort.spi.config.*;
                        import java.util.*;
                        public final class Provider implements BackendProvider {
                            public Provider() { %s }
                            public String type() { return %s; }
                            public Set<String> configKeys() { return Set.of("model", "greeting"); }
                            public LLMBackend create(String name, PluginConfig config, PluginContext context) {
                                String greeting = config.string("greeting").orElse("echo: ");
                                return new LLMBackend() {
                                    final UsageCounter usage = new UsageCounter();
                                    public String name() { return name; }
                                    public String type() { return %s; }
                                    public String model() { return config.string("model").orElse("echo"); }
                                    public Persona persona() { return Persona.NONE; }
                                    public int contextWindow() { return 4096; }
                                    public int maxOutputTokens() { return 256; }
                                    public ChatResponse chat(ChatRequest r) {
                                        String last = r.messages().get(r.messages().size() - 1).content();
                                        for (Message m : r.messages()) {
                                            if (m.role() == Role.SYSTEM && m.content().startsWith("Project facts:")) {
                                                last = last + " | " + m.content();
                                            }
                                        }
                                        Usage u = Usage.estimated(last.length(), last.length());
                                        usage.success(u);
                                        return new ChatResponse(greeting + last, "", FinishReason.STOP, List.of(), u, model());
                                    }
                                    public ChatStream stream(ChatRequest r) {
                                        ChatResponse a = chat(r);
                                        return ChatStream.of(List.<ChatChunk>of(new ChatChunk.Text(a.content()),
                                                new ChatChunk.Done(a.finishReason(), a.usage(), a.model())).iterator(), () -> { });
                                    }
                                    public int countTokens(List<Message> m) { return m.size() * 4; }
                                    public void resetContext() { }
                                    public UsageStats usage() { return usage.snapshot(); }
                                };
                            }
                        }
                        """.formatted(pkg, ctorBody, typeExpression, typeExpression));
    }
}
