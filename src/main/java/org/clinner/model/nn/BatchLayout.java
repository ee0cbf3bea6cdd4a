package org.clinner.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of one forward batch: rows of one or more token sequences ("segments"), each row
 * right-padded to a common width. A row of several segments is packed: every segment attends only
 * to itself and its positions start afresh, so each segment gets the logits it would get alone
 * (up to float rounding) while short sequences share one row instead of being padded.
 */
public final class BatchLayout {

    private final List<List<long[]>> rows;
    private final int width;
    private final boolean packed;

    private BatchLayout(List<List<long[]>> rows, int padTo) {
        this.rows = rows;
        int longest = padTo;
        boolean anyPacked = false;
        for (List<long[]> row : rows) {
            longest = Math.max(longest, rowLength(row));
            anyPacked |= row.size() > 1;
        }
        this.width = longest;
        this.packed = anyPacked;
    }

    /**
     * A batch of one sequence per row.
     *
     * @param sequences token ids, each with its special tokens
     * @param padTo the least width (0: the longest sequence)
     * @return the layout
     */
    public static BatchLayout unpacked(List<long[]> sequences, int padTo) {
        List<List<long[]>> rows = new ArrayList<>(sequences.size());
        sequences.forEach(s -> rows.add(List.of(s)));
        return new BatchLayout(rows, padTo);
    }

    /**
     * A batch whose rows may hold several sequences each.
     *
     * @param rows per row, its sequences in order
     * @param padTo the least width (0: the longest row)
     * @return the layout
     */
    public static BatchLayout of(List<List<long[]>> rows, int padTo) {
        return new BatchLayout(rows, padTo);
    }

    /**
     * Puts the rows of several batches of one width and kind (packed or not) into one batch, which
     * gives each row the logits it gets in its own batch, bit for bit.
     *
     * @param batches the batches, each with at least one row
     * @return one batch of all their rows, in order
     * @throws IllegalArgumentException for batches of different widths or kinds
     */
    static BatchLayout concat(List<BatchLayout> batches) {
        List<List<long[]>> all = new ArrayList<>();
        for (BatchLayout batch : batches) {
            if (batch.width != batches.get(0).width || batch.packed != batches.get(0).packed) {
                throw new IllegalArgumentException("only batches of one width and kind can be joined");
            }
            all.addAll(batch.rows);
        }
        return new BatchLayout(all, batches.get(0).width);
    }

    /**
     * Returns whether another batch can join this one without changing either's logits.
     *
     * @param other the other batch
     * @return true for the same width and kind (packed or not)
     */
    boolean joinsWith(BatchLayout other) {
        return width == other.width && packed == other.packed;
    }

    /**
     * Returns the padded tokens of the batch.
     *
     * @return rows times width
     */
    long paddedTokens() {
        return (long) rows.size() * width;
    }

    static int rowLength(List<long[]> row) {
        int length = 0;
        for (long[] segment : row) {
            length += segment.length;
        }
        return length;
    }

    /** @return the number of rows */
    public int rows() {
        return rows.size();
    }

    /** @return the padded width of every row */
    public int width() {
        return width;
    }

    /** @return whether some row holds more than one sequence (attention then needs a per-query mask) */
    public boolean isPacked() {
        return packed;
    }

    /** @return the sequences, row by row, in the order {@link #unpad} returns their logits */
    public List<long[]> sequences() {
        List<long[]> all = new ArrayList<>();
        rows.forEach(all::addAll);
        return all;
    }

    /** @return the tokens of all sequences, padding excluded */
    public long realTokens() {
        long tokens = 0;
        for (List<long[]> row : rows) {
            tokens += rowLength(row);
        }
        return tokens;
    }

    /**
     * Returns the token ids, {@code [rows, width]} row-major.
     *
     * @param padId the model's pad id
     * @return ids, padded with {@code padId}
     */
    public long[] ids(long padId) {
        long[] ids = new long[rows.size() * width];
        Arrays.fill(ids, padId);
        forEachSegment((r, start, segment) -> System.arraycopy(segment, 0, ids, r * width + start, segment.length));
        return ids;
    }

    /**
     * Returns XLM-R position ids, {@code [rows, width]}: {@code padId + 1 + t} for the t-th token of
     * each sequence, {@code padId} for padding.
     *
     * @param padId the model's pad id
     * @return positions
     */
    public long[] positions(long padId) {
        long[] positions = new long[rows.size() * width];
        Arrays.fill(positions, padId);
        forEachSegment((r, start, segment) -> {
            for (int t = 0; t < segment.length; t++) {
                positions[r * width + start + t] = padId + 1 + t;
            }
        });
        return positions;
    }

    /**
     * Returns which keys each query may attend to (1) or not (0): {@code [rows, width]} (keys of
     * real tokens) when no row is packed, else {@code [rows, width, width]} (keys of the query's own
     * sequence; a padding query sees padding only).
     *
     * @return the mask, row-major
     */
    public long[] attentionMask() {
        if (!packed) {
            long[] mask = new long[rows.size() * width];
            forEachSegment((r, start, segment) -> Arrays.fill(mask, r * width + start,
                    r * width + start + segment.length, 1L));
            return mask;
        }
        long[] mask = new long[rows.size() * width * width];
        for (int r = 0; r < rows.size(); r++) {
            int start = 0;
            for (long[] segment : rows.get(r)) {
                fillBlock(mask, r, start, start + segment.length);
                start += segment.length;
            }
            fillBlock(mask, r, start, width);
        }
        return mask;
    }

    private void fillBlock(long[] mask, int row, int from, int to) {
        for (int q = from; q < to; q++) {
            int base = (row * width + q) * width;
            Arrays.fill(mask, base + from, base + to, 1L);
        }
    }

    /**
     * Returns the logits of a batch with no tokens at all, which needs no forward pass.
     *
     * @return one empty array per sequence, or null when some sequence has tokens
     */
    List<float[][]> emptyLogits() {
        if (realTokens() > 0) {
            return null;
        }
        List<float[][]> result = new ArrayList<>();
        rows.forEach(row -> row.forEach(s -> result.add(new float[0][])));
        return result;
    }

    /**
     * Splits the batch's logits back into one {@code [length][labels]} array per sequence.
     *
     * @param flat logits {@code [rows, width, labels]} in row-major order
     * @param labels the number of labels
     * @return per sequence, in the order of {@link #sequences()}, its logits
     */
    public List<float[][]> unpad(float[] flat, int labels) {
        List<float[][]> result = new ArrayList<>();
        forEachSegment((r, start, segment) -> {
            float[][] logits = new float[segment.length][labels];
            for (int t = 0; t < segment.length; t++) {
                System.arraycopy(flat, (r * width + start + t) * labels, logits[t], 0, labels);
            }
            result.add(logits);
        });
        return result;
    }

    /** Visits a sequence placed in a row. */
    private interface SegmentVisitor {
        void visit(int row, int start, long[] segment);
    }

    private void forEachSegment(SegmentVisitor visitor) {
        for (int r = 0; r < rows.size(); r++) {
            int start = 0;
            for (long[] segment : rows.get(r)) {
                visitor.visit(r, start, segment);
                start += segment.length;
            }
        }
    }
}
