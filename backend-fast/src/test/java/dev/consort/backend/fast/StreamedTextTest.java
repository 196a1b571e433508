package dev.consort.backend.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamedTextTest {

    private final OpenAiTokenCounter counter = new OpenAiTokenCounter(new OpenAiModel("gpt-4o"));

    @Test
    void countsTheDeltasOnceAsTheWholeAnswerTheyMake() {
        StreamedText text = new StreamedText();
        assertEquals(0, text.tokens(counter));
        for (String delta : new String[] {"The cap", "ital of", " France is", " Paris."}) {
            text.add(delta);
        }
        assertEquals(counter.estimateAnswer("The capital of France is Paris."), text.tokens(counter));
        assertEquals(counter.countText("The capital of France is Paris."), text.tokens(counter));
    }

    @Test
    void pastTheLongAnswerLimitOnlyItsLengthIsKeptAndEstimated() {
        StreamedText text = new StreamedText();
        String delta = "lorem ipsum dolor sit amet ".repeat(40);
        int n = OpenAiTokenCounter.LONG_ANSWER_CHARS / delta.length() + 2;
        for (int i = 0; i < n; i++) {
            text.add(delta);
        }
        long chars = (long) n * delta.length();
        assertEquals((int) ((chars + 3) / 4), text.tokens(counter));
        assertEquals(counter.estimateAnswer(delta.repeat(n)), text.tokens(counter));
    }
}
