package dev.consort.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.context.Excerpt;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ExcerptTrimmerTest {

    private static final ToIntFunction<String> CHARS = String::length;

    @Test
    void keepsATextThatFits() {
        Excerpt e = ExcerptTrimmer.fit("fact", "k", "short text", 0.5, 100, CHARS);
        assertEquals(new Excerpt("fact", "k", "short text", 10, 0.5), e);
    }

    @Test
    void cutsALongTextAtAWordBoundaryWithinTheBudget() {
        String text = "alpha beta gamma delta epsilon";
        Excerpt e = ExcerptTrimmer.fit("fact", "k", text, 1, 15, CHARS);
        assertEquals("alpha beta …", e.text());
        assertEquals(e.text().length(), e.tokens());
        assertTrue(e.tokens() <= 15);
    }

    @Test
    void cutsInsideAWordWhenTheFirstWordIsTooLong() {
        Excerpt e = ExcerptTrimmer.fit("fact", "k", "abcdefghijklmnop", 1, 7, CHARS);
        assertEquals("abcde …", e.text());
    }

    @Test
    void givesNothingWhenNotEvenTheEllipsisFits() {
        assertNull(ExcerptTrimmer.fit("fact", "k", "abcdefghijklmnop", 1, 2, CHARS));
        assertNull(ExcerptTrimmer.fit("fact", "k", "abc def", 1, 0, CHARS));
    }
}
