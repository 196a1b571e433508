package dev.consort.tools.shell;

import dev.consort.spi.tool.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads values from a tool's plain settings map ({@code tools.settings.<tool>}). */
final class ToolSettings {

    private ToolSettings() {
    }

    /** A list of strings; absent is empty; a single string counts as a list of one. */
    static List<String> stringList(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
                    throw new ToolException("setting '" + key + "' must be a list of strings, found " + item);
                }
                out.add(String.valueOf(item));
            }
            return List.copyOf(out);
        }
        throw new ToolException("setting '" + key + "' must be a list of strings, found " + value.getClass().getSimpleName());
    }
}
