package dev.consort.context.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FtsQueryTest {

    @Test
    void quotesEachWordAndJoinsThemWithOr() {
        assertEquals(Optional.of("\"how\" OR \"do\" OR \"i\" OR \"run\" OR \"gradle\""),
                FtsQuery.of("How do I run gradle?"));
    }

    @Test
    void turnsOperatorsAndPunctuationIntoPlainWords() {
        assertEquals(Optional.of("\"near\" OR \"a\" OR \"b\" OR \"and\" OR \"not\""),
                FtsQuery.of("NEAR(a b) AND \"NOT\" a* -b"));
        assertEquals(Optional.of("\"col\" OR \"x\""), FtsQuery.of("col:x"));
    }

    @Test
    void keepsLettersOfEveryScriptAndCombiningMarks() {
        assertEquals(Optional.of("\"caf\u00e9\" OR \"cafe\u0301\" OR \"\u65e5\u672c\u8a9e\""),
                FtsQuery.of("caf\u00e9, cafe\u0301; \u65e5\u672c\u8a9e!"));
    }

    @Test
    void isEmptyWithoutWords() {
        assertTrue(FtsQuery.of(null).isEmpty());
        assertTrue(FtsQuery.of("").isEmpty());
        assertTrue(FtsQuery.of(" ?! -- ** \"\" ").isEmpty());
    }

    @Test
    void searchesAtMostSoManyDistinctWords() {
        String many = "same same " + "w".repeat(3) + " " + String.join(" ",
                java.util.stream.IntStream.range(0, 200).mapToObj(i -> "t" + i).toList());

        String query = FtsQuery.of(many).orElseThrow();

        assertEquals(FtsQuery.MAX_TERMS, query.split(" OR ").length);
        assertTrue(query.startsWith("\"same\" OR \"www\" OR \"t0\""), query);
    }
}
