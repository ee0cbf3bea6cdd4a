package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Packs short sequences into rows of a fixed width, first fit in order of decreasing length, so a
 * document's many short sentences fill a few rows instead of many padded ones. Deterministic: the
 * rows depend only on the sequences' lengths and order.
 */
final class SequencePacker {

    private SequencePacker() {}

    /**
     * Packs sequences into rows.
     *
     * @param lengths the sequences' lengths
     * @param width the row width; a longer sequence gets a row of its own
     * @return per row, the indices of its sequences in the order they are placed
     */
    static List<List<Integer>> pack(int[] lengths, int width) {
        Integer[] order = new Integer[lengths.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int index : order) {
            int row = 0;
            while (row < rows.size() && free.get(row) < lengths[index]) {
                row++;
            }
            if (row == rows.size()) {
                rows.add(new ArrayList<>());
                free.add(width);
            }
            rows.get(row).add(index);
            free.set(row, free.get(row) - lengths[index]);
        }
        return rows;
    }
}
