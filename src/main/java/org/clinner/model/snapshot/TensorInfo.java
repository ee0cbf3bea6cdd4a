package org.clinner.model.snapshot;

/**
 * Where one tensor of a weight file lies and what it holds.
 *
 * @param name tensor name, as the file spells it
 * @param type element type, or null when this runtime cannot load it
 * @param dtype the element type as the file names it (safetensors' names, e.g. {@code F32}, {@code I64})
 * @param shape tensor shape
 * @param position byte offset of its first element in the file, row-major and little-endian
 */
public record TensorInfo(String name, TensorType type, String dtype, long[] shape, long position) {

    /**
     * Returns the number of elements.
     *
     * @return the product of the shape
     */
    public long elements() {
        long elements = 1;
        for (long dimension : shape) {
            elements *= dimension;
        }
        return elements;
    }
}
