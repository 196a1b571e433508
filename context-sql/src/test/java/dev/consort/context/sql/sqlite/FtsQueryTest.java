package dev.consort.context.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FtsQueryTest {

    private static Optional<String> query(String text) {
        var terms = FtsQuery.terms(text);
        return terms.isEmpty() ? Optional.empty() : Optional.of(FtsQuery.anyOf(terms));
    }

    @Test
    void quotesEachWordAndJoinsThemWithOr() {
        assertEquals(Optional.of("\"how\" OR \"do\" OR \"i\" OR \"run\" OR \"gradle\""),
                query("How do I run gradle?"));
    }

    @Test
    void turnsOperatorsAndPunctuationIntoPlainWords() {
        assertEquals(Optional.of("\"near\" OR \"a\" OR \"b\" OR \"and\" OR \"not\""),
                query("NEAR(a b) AND \"NOT\" a* -b"));
        assertEquals(Optional.of("\"col\" OR \"x\""), query("col:x"));
    }

    @Test
    void keepsLettersOfEveryScriptAndCombiningMarks() {
        assertEquals(Optional.of("\"caf\u00e9\" OR \"cafe\u0301\" OR \"\u65e5\u672c\u8a9e\""),
                query("caf\u00e9, cafe\u0301; \u65e5\u672c\u8a9e!"));
    }

    @Test
    void isEmptyWithoutWords() {
        assertTrue(query(null).isEmpty());
        assertTrue(query("").isEmpty());
        assertTrue(query(" ?! -- ** \"\" ").isEmpty());
    }

    @Test
    void searchesAtMostSoManyDistinctWords() {
        String many = "same same " + "w".repeat(3) + " " + String.join(" ",
                java.util.stream.IntStream.range(0, 200).mapToObj(i -> "t" + i).toList());

        String query = query(many).orElseThrow();

        assertEquals(FtsQuery.MAX_TERMS, query.split(" OR ").length);
        assertTrue(query.startsWith("\"same\" OR \"www\" OR \"t0\""), query);
    }
}
