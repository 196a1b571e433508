package dev.consort.backend.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiTokenCounterTest {

    @Test
    void countsMessagesWithTheChatFramingOfTheModelsEncoding() {
        OpenAiTokenCounter gpt4 = new OpenAiTokenCounter(new OpenAiModel("gpt-4"));
        // 3 framing + "user" (1) + "Hello" (1), then 3 to prime the reply
        assertEquals(8, gpt4.count(List.of(Message.user("Hello"))));
        assertEquals(1, gpt4.countText("Hello"));
    }

    @Test
    void usesO200kForTheGpt4oGenerationAndCl100kForOlderModels() {
        assertEquals(com.knuddels.jtokkit.api.EncodingType.O200K_BASE, new OpenAiModel("gpt-4o-mini").encoding());
        assertEquals(com.knuddels.jtokkit.api.EncodingType.O200K_BASE, new OpenAiModel("o3-mini").encoding());
        assertEquals(com.knuddels.jtokkit.api.EncodingType.O200K_BASE, new OpenAiModel("gpt-5").encoding());
        assertEquals(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE, new OpenAiModel("gpt-3.5-turbo").encoding());
        assertEquals(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE, new OpenAiModel("mistral-7b").encoding());
        String text = "Straße, 東京, naïve café — tokenizers differ on these.";
        OpenAiTokenCounter o200k = new OpenAiTokenCounter(new OpenAiModel("gpt-4o"));
        OpenAiTokenCounter cl100k = new OpenAiTokenCounter(new OpenAiModel("gpt-4"));
        assertTrue(o200k.countText(text) < cl100k.countText(text));
    }

    @Test
    void countsToolCallsAndToolResults() {
        OpenAiTokenCounter c = new OpenAiTokenCounter(new OpenAiModel("gpt-4o"));
        int plain = c.count(List.of(Message.assistant("ok")));
        int withCall = c.count(List.of(Message.assistant("ok", List.of(new ToolCall("call_1", "get_weather",
                "{\"city\":\"Paris\"}")))));
        assertTrue(withCall > plain + 5);
        assertTrue(c.count(List.of(Message.tool("call_1", "get_weather", "18 C"))) > 8);
    }

    @Test
    void scalesCountsForUnknownModelsByWhatTheServerReported() {
        OpenAiTokenCounter c = new OpenAiTokenCounter(new OpenAiModel("some-llama"));
        List<Message> prompt = List.of(Message.user("word ".repeat(200)));
        int before = c.count(prompt);
        for (int i = 0; i < 30; i++) {
            c.observe(prompt, before * 2, false);
        }
        assertTrue(Math.abs(c.count(prompt) - before * 2) <= before / 10, c.count(prompt) + " vs " + before * 2);
        OpenAiTokenCounter known = new OpenAiTokenCounter(new OpenAiModel("gpt-4o"));
        int exact = known.count(prompt);
        known.observe(prompt, exact * 2, false);
        assertEquals(exact, known.count(prompt));
    }

    @Test
    void recognisesReasoningModels() {
        assertTrue(new OpenAiModel("o1").reasoning());
        assertTrue(new OpenAiModel("o3-mini-2025-01-31").reasoning());
        assertTrue(new OpenAiModel("gpt-5-nano").reasoning());
        assertTrue(!new OpenAiModel("gpt-5-chat-latest").reasoning());
        assertTrue(!new OpenAiModel("gpt-4o").reasoning());
        assertTrue(!new OpenAiModel("omni-moderation").reasoning());
        assertTrue(new OpenAiModel("gpt-4.1-nano").usesMaxCompletionTokens());
        assertTrue(!new OpenAiModel("gpt-4o").usesMaxCompletionTokens());
    }

    @Test
    void theUpperBoundIsNeverBelowTheCountAndNeedsNoTokenizer() {
        List<List<Message>> prompts = List.of(
                List.of(),
                List.of(Message.user("")),
                List.of(Message.system("You are terse."), Message.user("Count to five")),
                List.of(Message.user("Straße, 東京, naïve café — 🎉🎉 emoji")),
                List.of(Message.user("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".repeat(20))),
                List.of(Message.assistant("ok", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
                        Message.tool("call_1", "get_weather", "18 C")));
        for (String model : List.of("gpt-4o", "gpt-4", "some-llama")) {
            OpenAiTokenCounter c = new OpenAiTokenCounter(new OpenAiModel(model));
            c.observe(List.of(Message.user("word ".repeat(200))), 5000, false);
            for (List<Message> p : prompts) {
                assertTrue(c.upperBound(p) >= c.count(p), model + ": " + c.upperBound(p) + " < " + c.count(p) + " for " + p);
            }
        }
        String text = "Straße, 東京";
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, OpenAiTokenCounter.utf8Bytes(text));
        assertEquals(6, OpenAiTokenCounter.utf8Bytes("🎉"), "a surrogate pair is bounded by 6 of its 4 bytes");
    }

    @Test
    void aBoundDoesNotLoadTheVocabulary() {
        OpenAiTokenCounter c = new OpenAiTokenCounter(new OpenAiModel("gpt-4o-mini"));
        List<Message> prompt = List.of(Message.system("You are terse."), Message.user("Count to five"),
                Message.assistant("ok", List.of(new ToolCall("call_1", "f", "{}"))), Message.tool("call_1", "f", "1"));
        assertTrue(c.upperBound(prompt) > 0);
        assertFalse(c.encodingLoaded(), "computing a bound loaded the o200k vocabulary");
        c.count(prompt);
        assertTrue(c.encodingLoaded());
    }

    @Test
    void anEstimateLearnsFromReportsWithoutTheVocabularyThenIsTheCountOnceItIsLoaded() {
        OpenAiTokenCounter c = new OpenAiTokenCounter(new OpenAiModel("gpt-4o-mini"));
        List<Message> prompt = List.of(Message.system("You are terse."), Message.user("word ".repeat(400)));
        int before = c.estimate(prompt);
        assertTrue(before > 0 && c.estimateOutput("word ".repeat(40)) > 0);
        for (int i = 0; i < 30; i++) {
            c.observe(prompt, 3 * before, false);
        }
        int after = c.estimate(prompt);
        assertTrue(after > 2.5 * before && after <= 3 * before, before + " then " + after);
        assertFalse(c.encodingLoaded(), "estimating loaded the o200k vocabulary");
        c.observe(prompt, 10 * before, true);
        assertEquals(after, c.estimate(prompt), "a call with tools taught the estimate");
        int exact = c.count(prompt);
        assertEquals(exact, c.estimate(prompt), "once loaded, the estimate is the count");
        assertEquals(c.estimateAnswer("word ".repeat(40)), c.estimateOutput("word ".repeat(40)));
    }
}
