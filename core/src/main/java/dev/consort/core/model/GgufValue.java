package dev.consort.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One metadata value of a GGUF file, with the wire type it is written as. Immutable.
 */
sealed interface GgufValue {

    /** The GGUF value type code (GGUF v3). */
    int typeCode();

    /** A 32-bit unsigned integer (type 4). */
    record UInt32(long value) implements GgufValue {
        public UInt32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("value is not an unsigned 32-bit integer: " + value);
            }
        }

        @Override
        public int typeCode() {
            return 4;
        }
    }

    /** A 32-bit float (type 6). */
    record Float32(float value) implements GgufValue {
        @Override
        public int typeCode() {
            return 6;
        }
    }

    /** A boolean (type 7). */
    record Bool(boolean value) implements GgufValue {
        @Override
        public int typeCode() {
            return 7;
        }
    }

    /** A UTF-8 string (type 8). */
    record Text(String value) implements GgufValue {
        public Text {
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public int typeCode() {
            return 8;
        }
    }

    /** An array of strings (type 9 of type 8). */
    record TextArray(List<String> values) implements GgufValue {
        public TextArray {
            values = List.copyOf(values);
        }

        @Override
        public int typeCode() {
            return 9;
        }
    }

    /** An array of 32-bit floats (type 9 of type 6). */
    record Float32Array(float[] values) implements GgufValue {
        public Float32Array {
            values = values.clone();
        }

        @Override
        public int typeCode() {
            return 9;
        }
    }

    /** An array of 32-bit signed integers (type 9 of type 5). */
    record Int32Array(int[] values) implements GgufValue {
        public Int32Array {
            values = values.clone();
        }

        @Override
        public int typeCode() {
            return 9;
        }
    }
}
