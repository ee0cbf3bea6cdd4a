package org.clinner.train;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every way of segmenting a fixed list of sequences into a fixed set of pieces, built once: for
 * each position of each sequence, the pieces that start there. Scores passed to the methods
 * switch pieces off with {@link Double#NEGATIVE_INFINITY}. Not thread-safe (it reuses buffers).
 */
final class UnigramLattice {

    private final int[] sequenceStart;
    private final int[] edgeStart;
    private final int[] edgeLength;
    private final int[] edgePiece;
    private final double[] forward;
    private final double[] backward;
    private final int[] bestEdge;

    /**
     * Builds the lattices of sequences.
     *
     * @param sequences the code points of each sequence; each of their characters must be a piece
     * @param pieceIds the id of each piece
     */
    UnigramLattice(List<int[]> sequences, Map<String, Integer> pieceIds) {
        sequenceStart = new int[sequences.size() + 1];
        IntStream.Builder edgeStarts = IntStream.builder();
        IntStream.Builder lengths = IntStream.builder();
        IntStream.Builder pieces = IntStream.builder();
        int positions = 0;
        int edges = 0;
        int longest = 0;
        for (int s = 0; s < sequences.size(); s++) {
            int[] sequence = sequences.get(s);
            sequenceStart[s] = positions;
            positions += sequence.length;
            longest = Math.max(longest, sequence.length);
            for (int start = 0; start < sequence.length; start++) {
                edgeStarts.add(edges);
                int end = UnigramSeeds.validEnd(sequence, start);
                for (int e = start + 1; e <= end; e++) {
                    Integer id = pieceIds.get(new String(sequence, start, e - start));
                    if (id != null) {
                        lengths.add(e - start);
                        pieces.add(id);
                        edges++;
                    }
                }
            }
        }
        sequenceStart[sequences.size()] = positions;
        edgeStarts.add(edges);
        edgeStart = edgeStarts.build().toArray();
        edgeLength = lengths.build().toArray();
        edgePiece = pieces.build().toArray();
        forward = new double[longest + 1];
        backward = new double[longest + 1];
        bestEdge = new int[longest + 1];
    }

    /**
     * Returns the length of the longest sequence.
     *
     * @return its code point count
     */
    int longest() {
        return bestEdge.length - 1;
    }

    /**
     * Adds the expected number of times each piece occurs in the segmentations of one sequence,
     * weighted by their probability (forward-backward), times a weight.
     *
     * @param sequence the sequence
     * @param weight how often the sequence occurs
     * @param scores log-probability of each piece
     * @param counts receives the expected counts
     */
    void addExpectedCounts(int sequence, double weight, double[] scores, double[] counts) {
        int base = sequenceStart[sequence];
        int n = sequenceStart[sequence + 1] - base;
        Arrays.fill(forward, 0, n + 1, Double.NEGATIVE_INFINITY);
        forward[0] = 0;
        for (int i = 0; i < n; i++) {
            for (int e = edgeStart[base + i]; e < edgeStart[base + i + 1]; e++) {
                int j = i + edgeLength[e];
                forward[j] = logAdd(forward[j], forward[i] + scores[edgePiece[e]]);
            }
        }
        backward[n] = 0;
        for (int i = n - 1; i >= 0; i--) {
            double sum = Double.NEGATIVE_INFINITY;
            for (int e = edgeStart[base + i]; e < edgeStart[base + i + 1]; e++) {
                sum = logAdd(sum, scores[edgePiece[e]] + backward[i + edgeLength[e]]);
            }
            backward[i] = sum;
        }
        double total = forward[n];
        for (int i = 0; i < n; i++) {
            for (int e = edgeStart[base + i]; e < edgeStart[base + i + 1]; e++) {
                double score = scores[edgePiece[e]];
                if (score != Double.NEGATIVE_INFINITY) {
                    counts[edgePiece[e]] += weight * Math.exp(forward[i] + score + backward[i + edgeLength[e]] - total);
                }
            }
        }
    }

    /**
     * Segments one sequence into its most probable pieces (Viterbi; ties go to the longer last
     * piece).
     *
     * @param sequence the sequence
     * @param scores log-probability of each piece
     * @param path receives the piece ids in order; at least {@link #longest()} long
     * @return the number of pieces
     */
    int viterbi(int sequence, double[] scores, int[] path) {
        int base = sequenceStart[sequence];
        int n = sequenceStart[sequence + 1] - base;
        Arrays.fill(forward, 0, n + 1, Double.NEGATIVE_INFINITY);
        forward[0] = 0;
        for (int i = 0; i < n; i++) {
            for (int e = edgeStart[base + i]; e < edgeStart[base + i + 1]; e++) {
                int j = i + edgeLength[e];
                double candidate = forward[i] + scores[edgePiece[e]];
                if (candidate > forward[j]) {
                    forward[j] = candidate;
                    bestEdge[j] = e;
                }
            }
        }
        int count = 0;
        for (int j = n; j > 0; j -= edgeLength[bestEdge[j]]) {
            path[count++] = edgePiece[bestEdge[j]];
        }
        for (int a = 0, b = count - 1; a < b; a++, b--) {
            int swap = path[a];
            path[a] = path[b];
            path[b] = swap;
        }
        return count;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
