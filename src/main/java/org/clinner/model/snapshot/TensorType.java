package org.clinner.model.snapshot;

import ai.djl.ndarray.types.DataType;

import java.nio.ByteBuffer;

/** The floating-point element types a safetensors file may hold for this runtime, and their conversion to F32. */
public enum TensorType {
    /** IEEE float32, used as is. */
    F32(4, DataType.FLOAT32),
    /** IEEE float16, widened to float32 by the NDArray forward pass, kept as it is by the program. */
    F16(2, DataType.FLOAT16),
    /** bfloat16, always widened to float32 (DJL cannot make bfloat16 arrays from memory). */
    BF16(2, null);

    private final int bytes;
    private final DataType dataType;

    TensorType(int bytes, DataType dataType) {
        this.bytes = bytes;
        this.dataType = dataType;
    }

    /**
     * Returns DJL's type of arrays that hold the stored elements as they are.
     *
     * @return the data type, or null when DJL cannot make such arrays from memory ({@link #BF16})
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element
     */
    public int bytes() {
        return bytes;
    }

    /**
     * Parses a safetensors dtype name.
     *
     * @param dtype e.g. {@code F32}
     * @return the type, or null when this runtime cannot load it
     */
    public static TensorType parse(String dtype) {
        for (TensorType type : values()) {
            if (type.name().equals(dtype)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Reads the element at a byte position of a little-endian buffer as a float32.
     *
     * @param buffer the tensor bytes, little-endian
     * @param position byte position of the element
     * @return the element widened to float32
     */
    public float readFloat(ByteBuffer buffer, int position) {
        switch (this) {
            case F32:
                return buffer.getFloat(position);
            case BF16:
                return Float.intBitsToFloat((buffer.getShort(position) & 0xffff) << 16);
            default:
                return halfToFloat(buffer.getShort(position));
        }
    }

    private static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
