package dev.consort.context.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class TextTrimmerTest {

    private static final ToIntFunction<String> WORDS = t -> t.isBlank() ? 0 : t.strip().split("\\s+").length;

    @Test
    void keepsATextThatFitsWhole() {
        assertEquals(new TextTrimmer.Trimmed("a b c", 3), TextTrimmer.trim("a b c", 3, WORDS).orElseThrow());
    }

    @Test
    void keepsWholeLinesWhenAtLeastOneFits() {
        String text = "a b\r\nc d\n\ne f g\nh";

        assertEquals("a b\r\nc d", TextTrimmer.trim(text, 5, WORDS).orElseThrow().text());
        assertEquals("a b", TextTrimmer.trim(text, 2, WORDS).orElseThrow().text());
    }

    @Test
    void cutsTheFirstLineByWordsWhenNoLineFitsKeepingItsSpacing() {
        TextTrimmer.Trimmed t = TextTrimmer.trim("alpha  beta\tgamma delta\nsecond line", 3, WORDS).orElseThrow();

        assertEquals("alpha  beta\tgamma", t.text());
        assertEquals(3, t.tokens());
    }

    @Test
    void givesNothingWhenNotEvenTheFirstWordFits() {
        ToIntFunction<String> chars = String::length;

        assertTrue(TextTrimmer.trim("supercalifragilistic word", 5, chars).isEmpty());
        assertTrue(TextTrimmer.trim("a b", 0, WORDS).isEmpty());
    }

    @Test
    void countsALongTextOnlyAFewTimes() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        AtomicInteger counts = new AtomicInteger();
        ToIntFunction<String> counting = t -> {
            counts.incrementAndGet();
            return WORDS.applyAsInt(t);
        };

        TextTrimmer.Trimmed t = TextTrimmer.trim(text.toString(), 1_001, counting).orElseThrow();

        assertEquals(1_000, t.tokens());
        assertTrue(counts.get() < 30, "counted " + counts.get() + " times");
    }
}
