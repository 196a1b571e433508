package dev.consort.core.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates a tiny llama-architecture model with random weights, as GGUF bytes: 64-wide embeddings,
 * 2 blocks, 4 heads, a 512-token context, F32 tensors, a sentencepiece-style vocabulary and a
 * llama-2-style chat template. The same seed gives the same bytes. The file is under 1 MB; llama.cpp
 * loads it and generates noise quickly, which is all tests and smoke runs need.
 *
 * <p>Stateless and thread-safe.
 */
public final class TinyGgufWriter {

    /** The model's context length ({@code llama.context_length}). */
    public static final int CONTEXT_LENGTH = 512;
    static final int EMBEDDING = 64;
    static final int BLOCKS = 2;
    static final int FEED_FORWARD = 128;
    static final int HEADS = 4;
    static final int HEADS_KV = 4;
    static final int ROPE_DIMENSIONS = EMBEDDING / HEADS;

    /**
     * A llama-2-style chat template (Jinja) that only uses tokens the vocabulary has: the server
     * adds {@code <s>}, and {@code </s>} closes an assistant turn, which ends generation.
     */
    static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{% if message['role'] == 'system' %}<<SYS>>\n{{ message['content'] }}\n<</SYS>>\n\n"
            + "{% elif message['role'] == 'assistant' %} {{ message['content'] }}{{ eos_token }}"
            + "{% else %}[INST] {{ message['content'] }} [/INST]{% endif %}"
            + "{% endfor %}";

    private TinyGgufWriter() {
    }

    /**
     * The model file's bytes.
     *
     * @param seed the seed of the random weights
     * @return the GGUF file; never null
     */
    public static byte[] generate(long seed) {
        TinyVocabulary vocab = TinyVocabulary.standard();
        GgufWriter gguf = new GgufWriter();
        gguf.put("general.architecture", new GgufValue.Text("llama"))
                .put("general.name", new GgufValue.Text("consort-tiny-random"))
                .put("llama.context_length", new GgufValue.UInt32(CONTEXT_LENGTH))
                .put("llama.embedding_length", new GgufValue.UInt32(EMBEDDING))
                .put("llama.block_count", new GgufValue.UInt32(BLOCKS))
                .put("llama.feed_forward_length", new GgufValue.UInt32(FEED_FORWARD))
                .put("llama.attention.head_count", new GgufValue.UInt32(HEADS))
                .put("llama.attention.head_count_kv", new GgufValue.UInt32(HEADS_KV))
                .put("llama.rope.dimension_count", new GgufValue.UInt32(ROPE_DIMENSIONS))
                .put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Float32(1e-5f))
                .put("tokenizer.ggml.model", new GgufValue.Text("llama"))
                .put("tokenizer.ggml.tokens", new GgufValue.TextArray(vocab.tokens()))
                .put("tokenizer.ggml.scores", new GgufValue.Float32Array(vocab.scores()))
                .put("tokenizer.ggml.token_type", new GgufValue.Int32Array(vocab.types()))
                .put("tokenizer.ggml.bos_token_id", new GgufValue.UInt32(TinyVocabulary.BOS_ID))
                .put("tokenizer.ggml.eos_token_id", new GgufValue.UInt32(TinyVocabulary.EOS_ID))
                .put("tokenizer.ggml.unknown_token_id", new GgufValue.UInt32(TinyVocabulary.UNKNOWN_ID))
                .put("tokenizer.ggml.add_bos_token", new GgufValue.Bool(true))
                .put("tokenizer.ggml.add_eos_token", new GgufValue.Bool(false))
                .put("tokenizer.chat_template", new GgufValue.Text(CHAT_TEMPLATE));

        SplittableRandom random = new SplittableRandom(seed);
        long n = vocab.size();
        gguf.add(gaussian("token_embd.weight", random, 1.0, EMBEDDING, n));
        for (int b = 0; b < BLOCKS; b++) {
            String p = "blk." + b + ".";
            double attention = 1.0 / Math.sqrt(EMBEDDING);
            gguf.add(ones(p + "attn_norm.weight", EMBEDDING))
                    .add(gaussian(p + "attn_q.weight", random, attention, EMBEDDING, EMBEDDING))
                    .add(gaussian(p + "attn_k.weight", random, attention, EMBEDDING, EMBEDDING))
                    .add(gaussian(p + "attn_v.weight", random, attention, EMBEDDING, EMBEDDING))
                    .add(gaussian(p + "attn_output.weight", random, attention, EMBEDDING, EMBEDDING))
                    .add(ones(p + "ffn_norm.weight", EMBEDDING))
                    .add(gaussian(p + "ffn_gate.weight", random, attention, EMBEDDING, FEED_FORWARD))
                    .add(gaussian(p + "ffn_down.weight", random, 1.0 / Math.sqrt(FEED_FORWARD), FEED_FORWARD, EMBEDDING))
                    .add(gaussian(p + "ffn_up.weight", random, attention, EMBEDDING, FEED_FORWARD));
        }
        gguf.add(ones("output_norm.weight", EMBEDDING));
        gguf.add(gaussian("output.weight", random, 1.0 / Math.sqrt(EMBEDDING), EMBEDDING, n));
        return gguf.toBytes();
    }

    private static GgufTensor ones(String name, long size) {
        float[] values = new float[Math.toIntExact(size)];
        Arrays.fill(values, 1f);
        return new GgufTensor(name, new long[] {size}, values);
    }

    private static GgufTensor gaussian(String name, SplittableRandom random, double std, long inner, long outer) {
        float[] values = new float[Math.toIntExact(inner * outer)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (nextGaussian(random) * std);
        }
        return new GgufTensor(name, new long[] {inner, outer}, values);
    }

    // Box-Muller on StrictMath rather than RandomGenerator.nextGaussian(): the JDK may change that algorithm,
    // and StrictMath gives the same bits on every platform, which "same seed, same file" needs.
    private static double nextGaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }
}
