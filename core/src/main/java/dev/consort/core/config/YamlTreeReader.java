package dev.consort.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.consort.spi.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into a {@link ConfigNode} tree that keeps the line and column of every key
 * and value, through Jackson's YAML parser. Duplicate keys and a non-mapping root are errors.
 */
public final class YamlTreeReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private YamlTreeReader() {
    }

    /** Reads a file; {@code shownAs} is how errors name it. */
    public static ConfigNode.Mapping read(Path file, String shownAs) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(shownAs, "file not found");
        } catch (IOException e) {
            throw new ConfigException(shownAs, "cannot read: " + e.getMessage());
        }
        return read(new StringReader(text), shownAs, file.toAbsolutePath().normalize());
    }

    /** Reads text; {@code shownAs} is how errors name its source. */
    public static ConfigNode.Mapping read(Reader reader, String shownAs) {
        return read(reader, shownAs, null);
    }

    private static ConfigNode.Mapping read(Reader reader, String shownAs, Path source) {
        try (JsonParser p = YAML.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return ConfigNode.Mapping.empty(new Location(shownAs, 1, 1));
            }
            ConfigNode root = node(p, new Src(shownAs, source));
            if (!(root instanceof ConfigNode.Mapping m)) {
                // A document of only "---" reads as an empty string: it is an empty file all the same.
                if (root instanceof ConfigNode.Scalar s && (s.value() == null || s.value().isEmpty())) {
                    return ConfigNode.Mapping.empty(root.location());
                }
                throw new ConfigException(root.location().toString(),
                        "the top of a configuration file must be a mapping of keys, found " + root.kindName());
            }
            return m;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? shownAs : new Location(shownAs, at.getLineNr(), at.getColumnNr()).toString();
            throw new ConfigException(where, "invalid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(shownAs, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigNode node(JsonParser p, Src file) throws IOException {
        Location at = loc(p, file);
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> mapping(p, file, at);
            case START_ARRAY -> sequence(p, file, at);
            case VALUE_NULL -> new ConfigNode.Scalar(null, at, false);
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                    new ConfigNode.Scalar(p.getText(), at, false);
            default -> throw new ConfigException(at.toString(), "unsupported YAML value (" + t + ")");
        };
    }

    private static ConfigNode.Mapping mapping(JsonParser p, Src file, Location at) throws IOException {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, Location> keys = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new ConfigException(loc(p, file).toString(), "expected a key");
            }
            String key = p.currentName();
            Location keyAt = loc(p, file);
            if (entries.containsKey(key)) {
                throw new ConfigException(keyAt.toString(), "duplicate key '" + key + "' (first at "
                        + keys.get(key) + ")");
            }
            p.nextToken();
            entries.put(key, node(p, file));
            keys.put(key, keyAt);
        }
        return new ConfigNode.Mapping(entries, keys, at);
    }

    private static ConfigNode.Sequence sequence(JsonParser p, Src file, Location at) throws IOException {
        List<ConfigNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(p, file));
        }
        return new ConfigNode.Sequence(items, at);
    }

    private record Src(String shown, Path path) {
    }

    private static Location loc(JsonParser p, Src file) {
        JsonLocation l = p.currentTokenLocation();
        return new Location(file.shown(), l.getLineNr(), l.getColumnNr(), file.path());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
