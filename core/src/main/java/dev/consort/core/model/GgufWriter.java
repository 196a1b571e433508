package dev.consort.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes a GGUF version 3 file: the magic {@code GGUF}, the version, the tensor and metadata counts,
 * the metadata pairs, the tensor infos, then the tensor data, each tensor aligned to 32 bytes (GGUF's
 * default {@code general.alignment}). Little-endian throughout. Only F32 tensors. Not thread-safe.
 */
final class GgufWriter {

    static final int ALIGNMENT = 32;
    private static final int VERSION = 3;
    private static final int GGML_TYPE_F32 = 0;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_STRING = 8;

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<GgufTensor> tensors = new ArrayList<>();

    GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("metadata key written twice: " + key);
        }
        return this;
    }

    GgufWriter add(GgufTensor tensor) {
        Objects.requireNonNull(tensor, "tensor is null");
        if (tensors.stream().anyMatch(t -> t.name().equals(tensor.name()))) {
            throw new IllegalArgumentException("tensor written twice: " + tensor.name());
        }
        tensors.add(tensor);
        return this;
    }

    /** The whole file. */
    byte[] toBytes() {
        ByteBuffer header = ByteBuffer.allocate(headerSize()).order(ByteOrder.LITTLE_ENDIAN);
        header.put("GGUF".getBytes(StandardCharsets.US_ASCII));
        header.putInt(VERSION);
        header.putLong(tensors.size());
        header.putLong(metadata.size());
        metadata.forEach((key, value) -> {
            putString(header, key);
            header.putInt(value.typeCode());
            putValue(header, value);
        });
        long offset = 0;
        for (GgufTensor t : tensors) {
            putString(header, t.name());
            header.putInt(t.dims().length);
            for (long d : t.dims()) {
                header.putLong(d);
            }
            header.putInt(GGML_TYPE_F32);
            header.putLong(offset);
            offset = align(offset + t.byteSize());
        }
        int dataStart = (int) align(header.position());
        ByteBuffer file = ByteBuffer.allocate(Math.toIntExact(dataStart + offset)).order(ByteOrder.LITTLE_ENDIAN);
        file.put(header.array(), 0, header.position());
        file.position(dataStart);
        for (GgufTensor t : tensors) {
            for (float v : t.values()) {
                file.putFloat(v);
            }
            file.position((int) align(file.position()));
        }
        return file.array();
    }

    private int headerSize() {
        long size = 4 + 4 + 8 + 8;
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            size += stringSize(e.getKey()) + 4 + valueSize(e.getValue());
        }
        for (GgufTensor t : tensors) {
            size += stringSize(t.name()) + 4 + 8L * t.dims().length + 4 + 8;
        }
        return Math.toIntExact(size);
    }

    private static long valueSize(GgufValue value) {
        return switch (value) {
            case GgufValue.UInt32 v -> 4;
            case GgufValue.Float32 v -> 4;
            case GgufValue.Bool v -> 1;
            case GgufValue.Text v -> stringSize(v.value());
            case GgufValue.TextArray v -> 12 + v.values().stream().mapToLong(GgufWriter::stringSize).sum();
            case GgufValue.Float32Array v -> 12 + 4L * v.values().length;
            case GgufValue.Int32Array v -> 12 + 4L * v.values().length;
        };
    }

    private static void putValue(ByteBuffer out, GgufValue value) {
        switch (value) {
            case GgufValue.UInt32 v -> out.putInt((int) v.value());
            case GgufValue.Float32 v -> out.putFloat(v.value());
            case GgufValue.Bool v -> out.put((byte) (v.value() ? 1 : 0));
            case GgufValue.Text v -> putString(out, v.value());
            case GgufValue.TextArray v -> {
                out.putInt(TYPE_STRING).putLong(v.values().size());
                v.values().forEach(s -> putString(out, s));
            }
            case GgufValue.Float32Array v -> {
                out.putInt(TYPE_FLOAT32).putLong(v.values().length);
                for (float f : v.values()) {
                    out.putFloat(f);
                }
            }
            case GgufValue.Int32Array v -> {
                out.putInt(TYPE_INT32).putLong(v.values().length);
                for (int i : v.values()) {
                    out.putInt(i);
                }
            }
        }
    }

    private static long stringSize(String s) {
        return 8L + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putLong(bytes.length);
        out.put(bytes);
    }

    static long align(long position) {
        return (position + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
