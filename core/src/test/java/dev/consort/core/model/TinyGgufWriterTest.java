package dev.consort.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TinyGgufWriterTest {

    private static final byte[] FILE = TinyGgufWriter.generate(7);
    private static final GgufFileReader GGUF = new GgufFileReader(FILE);

    @Test
    void writesGgufVersion3Header() {
        assertEquals("GGUF", GGUF.magic);
        assertEquals(3, GGUF.version);
        assertEquals(3 + 9 * TinyGgufWriter.BLOCKS, GGUF.tensors.size());
    }

    @Test
    void describesTheTinyLlamaArchitecture() {
        Map<String, Object> kv = GGUF.metadata;
        assertEquals("llama", kv.get("general.architecture"));
        assertEquals(512L, kv.get("llama.context_length"));
        assertEquals(64L, kv.get("llama.embedding_length"));
        assertEquals(2L, kv.get("llama.block_count"));
        assertEquals(128L, kv.get("llama.feed_forward_length"));
        assertEquals(4L, kv.get("llama.attention.head_count"));
        assertEquals(4L, kv.get("llama.attention.head_count_kv"));
        assertEquals(16L, kv.get("llama.rope.dimension_count"));
        assertEquals(1e-5f, kv.get("llama.attention.layer_norm_rms_epsilon"));
        assertTrue(((String) kv.get("tokenizer.chat_template")).contains("[INST]"));
    }

    @Test
    void hasASentencepieceVocabularyWithControlAndByteTokens() {
        Map<String, Object> kv = GGUF.metadata;
        assertEquals("llama", kv.get("tokenizer.ggml.model"));
        List<?> tokens = (List<?>) kv.get("tokenizer.ggml.tokens");
        List<?> types = (List<?>) kv.get("tokenizer.ggml.token_type");
        List<?> scores = (List<?>) kv.get("tokenizer.ggml.scores");
        assertEquals(tokens.size(), types.size());
        assertEquals(tokens.size(), scores.size());
        assertEquals(List.of("<unk>", "<s>", "</s>"), tokens.subList(0, 3));
        assertEquals(List.of(2, 3, 3), types.subList(0, 3));
        assertEquals("<0x00>", tokens.get(3));
        assertEquals("<0xFF>", tokens.get(258));
        assertTrue(types.subList(3, 259).stream().allMatch(t -> t.equals(6)));
        List<?> normal = types.subList(259, types.size());
        assertTrue(normal.size() >= 24 && normal.stream().allMatch(t -> t.equals(1)), "a few dozen normal pieces");
        assertEquals(1L, kv.get("tokenizer.ggml.bos_token_id"));
        assertEquals(2L, kv.get("tokenizer.ggml.eos_token_id"));
        assertEquals(0L, kv.get("tokenizer.ggml.unknown_token_id"));
    }

    @Test
    void listsF32TensorsInnermostDimensionFirstAlignedTo32Bytes() {
        long vocab = ((List<?>) GGUF.metadata.get("tokenizer.ggml.tokens")).size();
        Map<String, long[]> dims = GGUF.tensors.stream()
                .collect(Collectors.toMap(GgufFileReader.TensorInfo::name, GgufFileReader.TensorInfo::dims));
        assertArrayEquals(new long[] {64, vocab}, dims.get("token_embd.weight"));
        assertArrayEquals(new long[] {64, vocab}, dims.get("output.weight"));
        assertArrayEquals(new long[] {64}, dims.get("output_norm.weight"));
        for (int b = 0; b < 2; b++) {
            String p = "blk." + b + ".";
            assertArrayEquals(new long[] {64}, dims.get(p + "attn_norm.weight"));
            assertArrayEquals(new long[] {64, 64}, dims.get(p + "attn_q.weight"));
            assertArrayEquals(new long[] {64, 64}, dims.get(p + "attn_k.weight"));
            assertArrayEquals(new long[] {64, 64}, dims.get(p + "attn_v.weight"));
            assertArrayEquals(new long[] {64, 64}, dims.get(p + "attn_output.weight"));
            assertArrayEquals(new long[] {64}, dims.get(p + "ffn_norm.weight"));
            assertArrayEquals(new long[] {64, 128}, dims.get(p + "ffn_gate.weight"));
            assertArrayEquals(new long[] {128, 64}, dims.get(p + "ffn_down.weight"));
            assertArrayEquals(new long[] {64, 128}, dims.get(p + "ffn_up.weight"));
        }
        assertEquals(0, GGUF.dataStart % 32);
        assertTrue(GGUF.tensors.stream().allMatch(t -> t.type() == 0 && t.offset() % 32 == 0));
        GgufFileReader.TensorInfo norm = GGUF.tensors.stream()
                .filter(t -> t.name().equals("output_norm.weight")).findFirst().orElseThrow();
        assertEquals(1f, GGUF.floatAt(norm, 63));
    }

    @Test
    void isUnderOneMegabyte() {
        assertTrue(FILE.length < 1_000_000, FILE.length + " bytes");
    }

    @Test
    void sameSeedGivesSameBytesAndAnotherSeedDifferentWeights() {
        assertArrayEquals(FILE, TinyGgufWriter.generate(7));
        byte[] other = TinyGgufWriter.generate(8);
        assertEquals(FILE.length, other.length);
        assertFalse(Arrays.equals(FILE, other));
    }
}
