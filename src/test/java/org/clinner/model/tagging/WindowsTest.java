package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

/** Windows as the reference file describes the tokenizers library's overflow: 510 tokens, 382 apart. */
class WindowsTest {

    private static String windows(int n, int size, int stride) {
        List<int[]> windows = Windows.of(n, size, stride);
        return windows.stream().map(w -> w[0] + "-" + w[1]).collect(Collectors.joining(" "));
    }

    @Test
    void cutsLikeTheTokenizersLibrary() {
        assertEquals("", windows(0, 510, 128));
        assertEquals("0-1", windows(1, 510, 128));
        assertEquals("0-510", windows(510, 510, 128));
        assertEquals("0-510 382-511", windows(511, 510, 128));
        assertEquals("0-510 382-892", windows(892, 510, 128));
        assertEquals("0-510 382-892 764-1274 1146-1600", windows(1600, 510, 128));
    }

    @Test
    void rejectsAStrideThatDoesNotAdvance() {
        assertThrows(IllegalArgumentException.class, () -> Windows.of(10, 4, 4));
    }
}
