package dev.consort.backend.fast;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Makes a tool call's arguments compact JSON text, whatever spacing the server used, so tool calls look
 * the same from every provider. Numbers (as written) and key order are kept. Text that is not one JSON value
 * is kept as it came: the orchestrator validates arguments and asks again. Thread-safe.
 */
final class ArgumentsJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ArgumentsJson() {
    }

    static String compact(String text) {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        StringWriter out = new StringWriter(text.length());
        try (JsonParser p = FACTORY.createParser(text); JsonGenerator g = FACTORY.createGenerator(out)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return "{}";
            }
            int depth = 0;
            do {
                if (t.isNumeric()) {
                    g.writeNumber(p.getText());
                } else {
                    g.copyCurrentEvent(p);
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && (t = p.nextToken()) != null);
            if (depth != 0 || p.nextToken() != null) {
                return text;
            }
        } catch (IOException notJson) {
            return text;
        }
        return out.toString();
    }
}
