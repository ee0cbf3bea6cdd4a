package org.clinner.model.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this machine's processor can do, from Linux's {@code /proc/cpuinfo}, for the XLM-R program:
 * bfloat16 arithmetic is native only with AVX512-BF16 or AMX (elsewhere libtorch emulates it, slower
 * than float32); int8 products may use the full 8 bits of an activation only with VNNI (without it,
 * FBGEMM's 16-bit intermediate sums can saturate, so activations are quantized to 7 bits). Elsewhere
 * (no such file) nothing is assumed.
 *
 * @param model the processor's model name, or {@code unknown}
 * @param flags its feature flags
 */
public record CpuFeatures(String model, Set<String> flags) {

    private static final CpuFeatures THIS_MACHINE = read(Paths.get("/proc/cpuinfo"));

    /**
     * Returns the features of the processor this JVM runs on.
     *
     * @return the features, read once
     */
    public static CpuFeatures current() {
        return THIS_MACHINE;
    }

    /**
     * Reads the first processor's entry of a {@code /proc/cpuinfo} file.
     *
     * @param cpuinfo the file
     * @return its model name and flags; none when the file cannot be read
     */
    static CpuFeatures read(Path cpuinfo) {
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                String key = colon < 0 ? "" : line.substring(0, colon).trim();
                if (key.equals("model name") && model.equals("unknown")) {
                    model = line.substring(colon + 1).trim();
                } else if (key.equals("flags") && flags.isEmpty()) {
                    flags.addAll(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException e) {
            return new CpuFeatures(model, Set.of());
        }
        return new CpuFeatures(model, Set.copyOf(flags));
    }

    /**
     * Returns whether bfloat16 products are native (not emulated with float32 instructions).
     *
     * @return true with AVX512-BF16 or AMX-BF16
     */
    public boolean nativeBf16() {
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    /**
     * Returns whether int8 products can take 8-bit activations without saturating.
     *
     * @return true with AVX512-VNNI, AVX-VNNI or AMX-INT8
     */
    public boolean vnni() {
        return flags.contains("avx512_vnni") || flags.contains("avx_vnni") || flags.contains("amx_int8");
    }

    /**
     * Names the vector extensions that matter to the products, for reports.
     *
     * @return e.g. {@code AVX2} or {@code AVX-512, AVX512-BF16, VNNI, AMX}
     */
    public String summary() {
        List<String> names = new java.util.ArrayList<>();
        names.add(flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2");
        if (nativeBf16()) {
            names.add(flags.contains("avx512_bf16") ? "AVX512-BF16" : "BF16");
        }
        if (vnni()) {
            names.add("VNNI");
        }
        if (flags.contains("amx_tile")) {
            names.add("AMX");
        }
        return String.join(", ", names);
    }
}
