package dev.consort.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentencepiece-style ({@code tokenizer.ggml.model = llama}) vocabulary of the tiny model:
 * {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>}..{@code <0xFF>} (so any
 * text can be tokenized), then a few dozen ordinary pieces with descending scores.
 *
 * @param tokens the pieces, by token id
 * @param scores the merge scores, by token id
 * @param types  the GGUF token types (1 normal, 2 unknown, 3 control, 6 byte), by token id
 */
record TinyVocabulary(List<String> tokens, float[] scores, int[] types) {

    static final int UNKNOWN_ID = 0;
    static final int BOS_ID = 1;
    static final int EOS_ID = 2;

    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_BYTE = 6;

    /** Ordinary pieces; {@code ▁} (U+2581) marks a leading space, as sentencepiece writes it. */
    private static final List<String> PIECES = List.of(
            "▁", "e", "t", "a", "o", "i", "n", "s", "r", "h", "l", "d", "c", "u", "m",
            "▁t", "▁a", "he", "in", "er", "an", "re", "on", "ing", "ed", "es",
            "▁the", "▁to", "▁of", "▁and", "▁is", "▁in", "▁I", "▁you", "▁it",
            "▁code", "▁file", "▁test", "▁name", "{", "}", "\"", ":", ",", "▁{", "▁\"");

    TinyVocabulary {
        tokens = List.copyOf(tokens);
        if (scores.length != tokens.size() || types.length != tokens.size()) {
            throw new IllegalArgumentException("tokens, scores and types differ in length");
        }
        scores = scores.clone();
        types = types.clone();
    }

    /** The vocabulary. */
    static TinyVocabulary standard() {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        tokens.add("<unk>");
        types.add(TYPE_UNKNOWN);
        tokens.add("<s>");
        types.add(TYPE_CONTROL);
        tokens.add("</s>");
        types.add(TYPE_CONTROL);
        for (int i = 0; i < 3; i++) {
            scores.add(0f);
        }
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format(Locale.ROOT, "<0x%02X>", b));
            types.add(TYPE_BYTE);
            scores.add(0f);
        }
        for (int i = 0; i < PIECES.size(); i++) {
            tokens.add(PIECES.get(i));
            types.add(TYPE_NORMAL);
            scores.add(-1f - i / 10f);
        }
        float[] s = new float[scores.size()];
        int[] t = new int[types.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            t[i] = types.get(i);
        }
        return new TinyVocabulary(tokens, s, t);
    }

    int size() {
        return tokens.size();
    }
}
