package dev.consort.core.model;

import java.util.Objects;

/**
 * One F32 tensor of a GGUF file: its name, its dimensions innermost first (GGML order), and its values
 * in row-major order of those dimensions.
 *
 * @param name   the tensor's name ({@code blk.0.attn_q.weight}); not blank
 * @param dims   the dimensions, innermost first; one to four positive numbers
 * @param values the values; as many as the product of the dimensions
 */
record GgufTensor(String name, long[] dims, float[] values) {

    GgufTensor {
        Objects.requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException(name + ": a tensor has 1 to 4 dimensions, got " + dims.length);
        }
        long count = 1;
        for (long d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": dimensions must be positive");
            }
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + count + " elements");
        }
        dims = dims.clone();
    }

    /** The size of the data in bytes. */
    long byteSize() {
        return 4L * values.length;
    }
}
