package dev.consort.tools.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text file as lines plus how it ends them, so a patched file keeps its line separator ({@code \n} or
 * {@code \r\n}) and whether it ends with one.
 *
 * @param lines          the lines, without separators
 * @param crlf           true when the file separates lines with {@code \r\n}
 * @param finalSeparator true when the last line is followed by a separator
 */
record TextLines(List<String> lines, boolean crlf, boolean finalSeparator) {

    TextLines {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines is null"));
    }

    static final TextLines EMPTY = new TextLines(List.of(), false, true);

    static TextLines parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return EMPTY;
        }
        boolean crlf = text.contains("\r\n");
        List<String> lines = new ArrayList<>(List.of(text.split(crlf ? "\r\n" : "\n", -1)));
        boolean finalSeparator = lines.getLast().isEmpty();
        if (finalSeparator) {
            lines.removeLast();
        }
        return new TextLines(lines, crlf, finalSeparator);
    }

    TextLines with(List<String> changed) {
        return new TextLines(changed, crlf, finalSeparator);
    }

    byte[] bytes() {
        if (lines.isEmpty()) {
            return new byte[0];
        }
        String separator = crlf ? "\r\n" : "\n";
        String text = String.join(separator, lines) + (finalSeparator ? separator : "");
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
