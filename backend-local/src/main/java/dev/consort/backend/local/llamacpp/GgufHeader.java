package dev.consort.backend.local.llamacpp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The few metadata values of a GGUF file that the backend needs before (or without) loading it: the
 * architecture's context length, the chat template, and whether the tokenizer adds a BOS token. Reads
 * the header only, skipping arrays such as the vocabulary.
 *
 * @param contextLength the model's training context ({@code <arch>.context_length}), or 0 if absent
 * @param chatTemplate  {@code tokenizer.chat_template}, or null
 * @param addsBos       whether llama.cpp puts a BOS token before a prompt it tokenizes
 */
record GgufHeader(int contextLength, String chatTemplate, boolean addsBos) {

    private static final int MAX_STRING = 16 << 20;

    /**
     * Reads a file's header.
     *
     * @throws IOException when the file is unreadable or not GGUF
     */
    static GgufHeader read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(new DataInputStream(in));
        }
    }

    private static GgufHeader read(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (!"GGUF".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IOException("not a GGUF file (no GGUF magic)");
        }
        int version = Integer.reverseBytes(in.readInt());
        if (version < 2) {
            throw new IOException("GGUF version " + version + " is too old");
        }
        in.readLong(); // tensor count
        long kvCount = Long.reverseBytes(in.readLong());
        Map<String, Object> kv = new HashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string(in);
            int type = Integer.reverseBytes(in.readInt());
            Object value = value(in, type);
            if (value != null) {
                kv.put(key, value);
            }
        }
        String arch = kv.get("general.architecture") instanceof String s ? s : "llama";
        int context = kv.get(arch + ".context_length") instanceof Number n ? n.intValue() : 0;
        String template = kv.get("tokenizer.chat_template") instanceof String s ? s : null;
        boolean addsBos = kv.get("tokenizer.ggml.add_bos_token") instanceof Boolean b ? b
                : defaultAddsBos(String.valueOf(kv.get("tokenizer.ggml.model")), String.valueOf(kv.get("tokenizer.ggml.pre")));
        return new GgufHeader(context, template, addsBos);
    }

    // llama.cpp's defaults when the file does not say (llama-vocab.cpp): sentencepiece and WordPiece add
    // BOS, byte-level BPE does not except for a few pre-tokenizers.
    private static boolean defaultAddsBos(String tokenizer, String pre) {
        return switch (tokenizer) {
            case "llama", "bert" -> true;
            case "gpt2" -> Set.of("llama3", "llama-v3", "llama-bpe", "falcon3", "tekken", "chameleon").contains(pre);
            default -> false;
        };
    }

    /** Reads one value; keeps scalars and strings, skips arrays (returns null). */
    private static Object value(DataInputStream in, int type) throws IOException {
        return switch (type) {
            case 0, 1 -> (int) in.readByte();
            case 2, 3 -> (int) Short.reverseBytes(in.readShort());
            case 4 -> Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            case 5 -> Integer.reverseBytes(in.readInt());
            case 6 -> Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
            case 7 -> in.readByte() != 0;
            case 8 -> string(in);
            case 9 -> {
                int elementType = Integer.reverseBytes(in.readInt());
                long n = Long.reverseBytes(in.readLong());
                int width = width(elementType);
                if (width > 0) {
                    skip(in, n * width);
                } else {
                    for (long i = 0; i < n; i++) {
                        value(in, elementType);
                    }
                }
                yield null;
            }
            case 10, 11 -> Long.reverseBytes(in.readLong());
            case 12 -> Double.longBitsToDouble(Long.reverseBytes(in.readLong()));
            default -> throw new IOException("unknown GGUF value type " + type);
        };
    }

    private static int width(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> 0;
        };
    }

    private static String string(DataInputStream in) throws IOException {
        long length = Long.reverseBytes(in.readLong());
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("GGUF string of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("GGUF header cut short");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skip(DataInputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                throw new EOFException("GGUF header cut short");
            }
            left -= skipped;
        }
    }
}
