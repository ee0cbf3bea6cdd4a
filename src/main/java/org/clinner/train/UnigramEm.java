package org.clinner.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * SentencePiece's Unigram training: from the seed pieces, rounds of EM (expected counts by
 * forward-backward, then {@code score = log(count / total)}) alternate with pruning the
 * multi-character pieces whose removal costs the least likelihood, keeping three quarters of
 * the pieces per round, until the target size is reached. Characters are never pruned. Every
 * step runs in a fixed order, so the same corpus gives the same pieces.
 */
final class UnigramEm {

    private static final int EM_STEPS_PER_ROUND = 2;
    private static final double SHRINKING_FACTOR = 0.75;
    /** Expected counts below half an occurrence count as half, so every score stays finite. */
    private static final double MIN_COUNT = 0.5;

    private final List<String> pieces;
    private final int characters;
    private final double[] scores;
    private final double[] chunkCounts;
    private final UnigramLattice lattice;
    private int alive;

    private record Loss(int piece, double loss) {}

    private UnigramEm(UnigramSeeds.Seeds seeds, SortedMap<String, Long> chunks) {
        pieces = seeds.pieces();
        characters = seeds.characters();
        scores = seeds.scores().clone();
        alive = pieces.size();
        Map<String, Integer> ids = new HashMap<>();
        for (int p = 0; p < pieces.size(); p++) {
            ids.put(pieces.get(p), p);
        }
        List<int[]> sequences = new ArrayList<>(chunks.size() + pieces.size() - characters);
        chunkCounts = new double[chunks.size()];
        for (Map.Entry<String, Long> chunk : chunks.entrySet()) {
            chunkCounts[sequences.size()] = chunk.getValue();
            sequences.add(chunk.getKey().codePoints().toArray());
        }
        for (String piece : pieces.subList(characters, pieces.size())) {
            sequences.add(piece.codePoints().toArray());
        }
        lattice = new UnigramLattice(sequences, ids);
    }

    /**
     * Learns the pieces of a corpus.
     *
     * @param chunks how often each Metaspace chunk occurs
     * @param targetSize how many pieces to learn, characters included
     * @return exactly {@code targetSize} pieces, most probable first (ties by piece)
     * @throws IllegalStateException when the corpus cannot fill or does not fit that size
     */
    static List<UnigramPiece> train(SortedMap<String, Long> chunks, int targetSize) {
        UnigramEm em = new UnigramEm(UnigramSeeds.select(chunks, targetSize), chunks);
        while (true) {
            for (int step = 0; step < EM_STEPS_PER_ROUND; step++) {
                em.expectationMaximization();
            }
            if (em.alive <= targetSize) {
                return em.result();
            }
            em.prune(targetSize);
        }
    }

    private void expectationMaximization() {
        double[] counts = new double[pieces.size()];
        for (int c = 0; c < chunkCounts.length; c++) {
            lattice.addExpectedCounts(c, chunkCounts[c], scores, counts);
        }
        double total = 0;
        for (double count : counts) {
            total += count;
        }
        for (int p = 0; p < scores.length; p++) {
            if (scores[p] != Double.NEGATIVE_INFINITY) {
                scores[p] = Math.log(Math.max(counts[p], MIN_COUNT) / total);
            }
        }
    }

    /**
     * Removes the multi-character pieces whose loss (how much less likely the corpus becomes when
     * the Viterbi segmentations use the piece's own best alternative instead) is smallest.
     */
    private void prune(int targetSize) {
        double[] frequency = new double[pieces.size()];
        double[] chunkFrequency = new double[pieces.size()];
        int[] lastChunk = new int[pieces.size()];
        int[] path = new int[lattice.longest()];
        double total = 0;
        for (int c = 0; c < chunkCounts.length; c++) {
            int length = lattice.viterbi(c, scores, path);
            for (int t = 0; t < length; t++) {
                int piece = path[t];
                frequency[piece] += chunkCounts[c];
                total += chunkCounts[c];
                if (lastChunk[piece] != c + 1) {
                    lastChunk[piece] = c + 1;
                    chunkFrequency[piece] += chunkCounts[c];
                }
            }
        }
        List<Loss> losses = new ArrayList<>();
        for (int p = characters; p < pieces.size(); p++) {
            if (scores[p] != Double.NEGATIVE_INFINITY) {
                losses.add(new Loss(p, frequency[p] == 0 ? 0 : loss(p, frequency, chunkFrequency[p], total, path)));
            }
        }
        losses.sort(Comparator.comparingDouble(Loss::loss).reversed()
                .thenComparing(l -> scores[l.piece()], Comparator.reverseOrder())
                .thenComparing(l -> pieces.get(l.piece())));
        int keep = Math.max(targetSize, (int) (SHRINKING_FACTOR * alive)) - characters;
        for (Loss pruned : losses.subList(keep, losses.size())) {
            scores[pruned.piece()] = Double.NEGATIVE_INFINITY;
        }
        alive = characters + keep;
    }

    private double loss(int piece, double[] frequency, double chunkFrequency, double total, int[] path) {
        double score = scores[piece];
        scores[piece] = Double.NEGATIVE_INFINITY;
        int length = lattice.viterbi(chunkCounts.length + piece - characters, scores, path);
        scores[piece] = score;
        double logProbability = Math.log(frequency[piece]) - Math.log(total);
        double logTotalWithout = Math.log(total + frequency[piece] * (length - 1));
        double logProbabilityWithout = 0;
        for (int t = 0; t < length; t++) {
            logProbabilityWithout += Math.log(frequency[path[t]] + frequency[piece]) - logTotalWithout;
        }
        return chunkFrequency / total * (logProbability - logProbabilityWithout);
    }

    private List<UnigramPiece> result() {
        List<UnigramPiece> result = new ArrayList<>(alive);
        for (int p = 0; p < pieces.size(); p++) {
            if (scores[p] != Double.NEGATIVE_INFINITY) {
                result.add(new UnigramPiece(pieces.get(p), (float) scores[p]));
            }
        }
        result.sort(Comparator.comparingDouble(UnigramPiece::score).reversed().thenComparing(UnigramPiece::piece));
        return result;
    }
}
