package dev.consort.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back what {@link GgufWriter} wrote, independently of it, for the tests. */
final class GgufFileReader {

    record TensorInfo(String name, long[] dims, int type, long offset) {
    }

    final String magic;
    final int version;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final List<TensorInfo> tensors = new ArrayList<>();
    final long dataStart;
    private final ByteBuffer buffer;

    GgufFileReader(byte[] file) {
        buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] m = new byte[4];
        buffer.get(m);
        magic = new String(m, StandardCharsets.US_ASCII);
        version = buffer.getInt();
        long tensorCount = buffer.getLong();
        long kvCount = buffer.getLong();
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            metadata.put(key, value(buffer.getInt()));
        }
        for (long i = 0; i < tensorCount; i++) {
            String name = string();
            long[] dims = new long[buffer.getInt()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = buffer.getLong();
            }
            tensors.add(new TensorInfo(name, dims, buffer.getInt(), buffer.getLong()));
        }
        dataStart = (buffer.position() + 31) / 32 * 32;
    }

    float floatAt(TensorInfo tensor, int index) {
        return buffer.getFloat((int) (dataStart + tensor.offset() + 4L * index));
    }

    private Object value(int type) {
        return switch (type) {
            case 4 -> Integer.toUnsignedLong(buffer.getInt());
            case 5 -> buffer.getInt();
            case 6 -> buffer.getFloat();
            case 7 -> buffer.get() != 0;
            case 8 -> string();
            case 9 -> {
                int elementType = buffer.getInt();
                long n = buffer.getLong();
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    list.add(value(elementType));
                }
                yield list;
            }
            default -> throw new IllegalStateException("unexpected GGUF type " + type);
        };
    }

    private String string() {
        byte[] bytes = new byte[Math.toIntExact(buffer.getLong())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
