package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** The processor features the program's kernels are chosen by, read from {@code /proc/cpuinfo} files. */
class CpuFeaturesTest {

    @TempDir
    Path temp;

    private CpuFeatures read(String model, String flags) throws Exception {
        Path file = temp.resolve("cpuinfo");
        Files.writeString(file, "processor\t: 0\nvendor_id\t: X\nmodel name\t: " + model + "\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n");
        return CpuFeatures.read(file);
    }

    @Test
    void aXeonWithAmxHasEverything() throws Exception {
        CpuFeatures xeon = read("Intel(R) Xeon(R) Platinum 8481C", "fpu avx2 avx512f avx512dq avx512bw avx512vl"
                + " avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8");
        assertEquals("Intel(R) Xeon(R) Platinum 8481C", xeon.model());
        assertTrue(xeon.nativeBf16());
        assertTrue(xeon.vnni());
        assertEquals("AVX-512, AVX512-BF16, VNNI, AMX", xeon.summary());
    }

    @Test
    void anAvx2EpycHasNoneOfThem() throws Exception {
        CpuFeatures epyc = read("AMD EPYC", "fpu sse4_2 avx fma avx2 f16c");
        assertFalse(epyc.nativeBf16());
        assertFalse(epyc.vnni());
        assertEquals("AVX2", epyc.summary());
    }

    @Test
    void avx512WithoutBf16Emulates() throws Exception {
        CpuFeatures skylake = read("Intel(R) Xeon(R) Gold 6148", "avx2 avx512f avx512dq avx512bw avx512vl");
        assertFalse(skylake.nativeBf16());
        assertFalse(skylake.vnni());
        assertEquals("AVX-512", skylake.summary());
    }

    @Test
    void noFileMeansNothingIsAssumed() {
        CpuFeatures unknown = CpuFeatures.read(temp.resolve("absent"));
        assertEquals("unknown", unknown.model());
        assertFalse(unknown.vnni());
        assertEquals("no AVX2", unknown.summary());
    }
}
