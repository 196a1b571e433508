package dev.consort.context.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the small JSON values the stores keep in text columns (tag lists, tool calls):
 * strings, arrays, objects and {@code null} only. Numbers and booleans are not needed and are refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class PlainJson {

    private PlainJson() {
    }

    /**
     * Writes a value.
     *
     * @param value a string, a list or a map with string keys of such values, or null
     * @return the JSON text; never null
     * @throws IllegalArgumentException for any other kind of value
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /**
     * Reads a value written by {@link #write(Object)}.
     *
     * @param json the text; not null
     * @return a string, an unmodifiable list or map of such values, or null
     * @throws IllegalArgumentException when the text is not such a value
     */
    public static Object read(String json) {
        Reader reader = new Reader(json);
        Object value = reader.value();
        reader.skipSpace();
        if (!reader.atEnd()) {
            throw reader.error("trailing text");
        }
        return value;
    }

    /**
     * Reads an array of strings.
     *
     * @param json the text; not null
     * @return the strings; never null
     * @throws IllegalArgumentException when the text is not an array of strings
     */
    public static List<String> readStringList(String json) {
        if (!(read(json) instanceof List<?> list)) {
            throw new IllegalArgumentException("not a JSON array: " + json);
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("not an array of strings: " + json);
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(s, out);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(key, out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
        }

        Object value() {
            skipSpace();
            if (atEnd()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '"' -> string();
                case '[' -> array();
                case '{' -> object();
                case 'n' -> {
                    if (!text.startsWith("null", pos)) {
                        throw error("unexpected character");
                    }
                    pos += 4;
                    yield null;
                }
                default -> throw error("unexpected character '" + c + "'");
            };
        }

        private List<Object> array() {
            pos++;
            List<Object> items = new ArrayList<>();
            skipSpace();
            if (!atEnd() && text.charAt(pos) == ']') {
                pos++;
                return java.util.Collections.unmodifiableList(items);
            }
            while (true) {
                items.add(value());
                skipSpace();
                if (atEnd()) {
                    throw error("unterminated array");
                }
                char c = text.charAt(pos++);
                if (c == ']') {
                    return java.util.Collections.unmodifiableList(items);
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private Map<String, Object> object() {
            pos++;
            Map<String, Object> members = new LinkedHashMap<>();
            skipSpace();
            if (!atEnd() && text.charAt(pos) == '}') {
                pos++;
                return java.util.Collections.unmodifiableMap(members);
            }
            while (true) {
                skipSpace();
                if (atEnd() || text.charAt(pos) != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                skipSpace();
                if (atEnd() || text.charAt(pos++) != ':') {
                    throw error("expected ':'");
                }
                members.put(key, value());
                skipSpace();
                if (atEnd()) {
                    throw error("unterminated object");
                }
                char c = text.charAt(pos++);
                if (c == '}') {
                    return java.util.Collections.unmodifiableMap(members);
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("short unicode escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad unicode escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            }
        }
    }
}
