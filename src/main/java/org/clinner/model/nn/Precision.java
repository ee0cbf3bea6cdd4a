package org.clinner.model.nn;

import java.util.Locale;

/**
 * The arithmetic the XLM-R program runs the encoder's matrix products in. Embeddings, layer norms and
 * the classification heads stay in float32 in every precision.
 */
public enum Precision {
    /** float32 throughout. */
    FP32,
    /** bfloat16 weights and activations (float32 accumulation inside the products). */
    BF16,
    /**
     * int8 weights with one scale per output channel, activations quantized per product at run time
     * (dynamic quantization); attention and norms in float32.
     */
    INT8;

    /**
     * Parses a precision's name.
     *
     * @param name {@code fp32}, {@code bf16} or {@code int8}, in any case
     * @return the precision
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static Precision parse(String name) {
        for (Precision precision : values()) {
            if (precision.name().equalsIgnoreCase(name.trim())) {
                return precision;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "' (fp32, bf16 or int8)");
    }

    /**
     * Returns the name the command line and the program use.
     *
     * @return e.g. {@code bf16}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
