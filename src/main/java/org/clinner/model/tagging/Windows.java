package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping windows over a run of tokens, as the tokenizers library cuts overflowing
 * sequences: windows of {@code size} tokens start every {@code size - stride} tokens, and the last
 * window is the first one that reaches the end.
 */
final class Windows {

    private Windows() {}

    /**
     * Cuts {@code n} tokens into windows.
     *
     * @param n number of tokens
     * @param size tokens per window
     * @param stride tokens shared by consecutive windows, smaller than {@code size}
     * @return {@code [start, stop)} pairs, none when {@code n} is 0
     */
    static List<int[]> of(int n, int size, int stride) {
        if (stride < 0 || stride >= size) {
            throw new IllegalArgumentException("stride " + stride + " must be at least 0 and less than the window of "
                    + size + " tokens");
        }
        List<int[]> windows = new ArrayList<>();
        for (int start = 0; start < n; start += size - stride) {
            int stop = Math.min(start + size, n);
            windows.add(new int[] {start, stop});
            if (stop == n) {
                break;
            }
        }
        return windows;
    }
}
