package dev.consort.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.consort.core.plugin.ProviderRegistry;
import dev.consort.spi.config.Secret;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the effective configuration as YAML with every secret masked: values of keys that look
 * secret ({@code api_key}, {@code password}, {@code *_token}, ...), keys a provider declares sensitive,
 * and values that came from a secret source.
 */
public final class EffectiveConfigWriter {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i)(.*_)?(api_?key|key|secret|password|passwd|token)");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private EffectiveConfigWriter() {
    }

    public static String write(ConsortConfig config, ProviderRegistry registry) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.tree().entries().forEach((key, node) -> {
            if (key.equals("backends") && node instanceof ConfigNode.Mapping backends) {
                Map<String, Object> bs = new LinkedHashMap<>();
                backends.entries().forEach((name, b) -> {
                    BackendSettings settings = config.backends().get(name);
                    Set<String> sensitive = settings == null ? Set.of()
                            : registry.backend(settings.type()).map(p -> p.sensitiveKeys()).orElse(Set.of());
                    bs.put(name, masked(b, sensitive, false));
                });
                out.put(key, bs);
            } else {
                out.put(key, masked(node, Set.of(), false));
            }
        });
        StringBuilder text = new StringBuilder("# effective configuration, from: ")
                .append(config.sources().isEmpty() ? "built-in defaults" : String.join(", ", config.sources()))
                .append('\n');
        if (out.isEmpty()) {
            return text.append("{}\n").toString();
        }
        try {
            return text.append(YAML.writeValueAsString(out)).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object masked(ConfigNode node, Set<String> sensitive, boolean secretKey) {
        return switch (node) {
            case ConfigNode.Scalar s -> s.value() == null ? null
                    : secretKey || s.secret() ? Secret.REDACTED : s.value();
            case ConfigNode.Sequence q -> {
                List<Object> items = new java.util.ArrayList<>();
                q.items().forEach(i -> items.add(masked(i, Set.of(), secretKey)));
                yield items;
            }
            case ConfigNode.Mapping m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, masked(v, Set.of(),
                        secretKey || sensitive.contains(k) || SECRET_KEY.matcher(k).matches())));
                yield out;
            }
        };
    }
}
