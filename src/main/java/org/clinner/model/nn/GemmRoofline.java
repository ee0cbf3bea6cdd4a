package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;

import ai.djl.pytorch.jni.IValue;

import java.util.List;

/**
 * The rate this machine runs an encoder layer's matrix products at, in a precision, with the XLM-R
 * program's own kernels (libtorch's float32 and bfloat16 products, FBGEMM's dynamic int8): the roofline a forward
 * pass in that precision can approach. The products are those of one layer for one window of tokens
 * (query, key and value fused, attention output, feed-forward in and out), timed together; the best
 * of several rounds counts, so that a busy moment of a shared machine does not lower it.
 */
public final class GemmRoofline {

    private static final int ROUNDS = 5;

    private GemmRoofline() {}

    /**
     * Measures the rate.
     *
     * @param config the architecture whose shapes are measured
     * @param precision the precision
     * @param tokens the rows of each product (e.g. 512, one full window)
     * @return floating-point operations per second of the best round, in GFLOP/s (int8: operations
     *     of the same products)
     */
    public static double measure(ModelConfig config, Precision precision, int tokens) {
        long hidden = config.hiddenSize();
        long inner = config.intermediateSize();
        List<long[]> shapes = List.of(new long[] {3 * hidden, hidden}, new long[] {hidden, hidden},
                new long[] {inner, hidden}, new long[] {hidden, inner});
        double flops = shapes.stream().mapToDouble(s -> 2.0 * tokens * s[0] * s[1]).sum();
        int repeats = (int) Math.max(1, Math.ceil(2e9 / flops));
        try (TorchScriptTokenClassifier program = TorchScriptTokenClassifier.configured(config, 0, precision,
                ComputeDevice.CPU)) {
            DjlRuntime.disableGradOnThisThread();
            double best = 0;
            for (int round = 0; round <= ROUNDS; round++) {
                double seconds = 0;
                for (long[] shape : shapes) {
                    program.call("prepare_gemm", IValue.from((long) tokens), IValue.from(shape[0]),
                            IValue.from(shape[1]), IValue.from(precision.label()));
                    long start = System.nanoTime();
                    program.call("run_gemm", IValue.from((long) repeats));
                    seconds += (System.nanoTime() - start) / 1e9;
                }
                // round 0 warms the kernels up and does not count
                best = round == 0 ? 0 : Math.max(best, repeats * flops / seconds / 1e9);
            }
            return best;
        }
    }
}
