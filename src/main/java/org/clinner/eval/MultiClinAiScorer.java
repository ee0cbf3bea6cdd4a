package org.clinner.eval;

import org.clinner.format.MultiClinAiRow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The official MultiClinAI scorer's metrics: strict span matching (one-to-one, greedy in file
 * order) and character-overlap F1 (best overlap per gold span and per prediction, not
 * one-to-one). Duplicate predictions (same file, label, start, end) count once; an optional label
 * filter applies to both sides.
 */
public final class MultiClinAiScorer {

    private MultiClinAiScorer() {}

    /**
     * Scores predictions against gold spans.
     *
     * @param gold the reference rows
     * @param predictions the predicted rows
     * @param entity the label to score, or null or empty for all labels (reported as given, as the
     *     official scorer does)
     * @return the report, printable as the official scorer prints it
     */
    public static ScoreReport score(List<MultiClinAiRow> gold, List<MultiClinAiRow> predictions, String entity) {
        boolean filter = entity != null && !entity.isEmpty();
        List<MultiClinAiRow> kept = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (MultiClinAiRow row : predictions) {
            if (seen.add(List.of(row.filename(), row.label(), row.start(), row.end()))
                    && (!filter || row.label().equals(entity))) {
                kept.add(row);
            }
        }
        Map<String, List<MultiClinAiRow>> goldDocs = byDocument(gold, filter ? entity : null);
        Map<String, List<MultiClinAiRow>> predDocs = byDocument(kept, null);
        Set<String> documents = new java.util.TreeSet<>(goldDocs.keySet());
        documents.addAll(predDocs.keySet());

        int tp = 0;
        int fp = 0;
        int fn = 0;
        BigDecimal goldSum = BigDecimal.ZERO;
        BigDecimal predSum = BigDecimal.ZERO;
        int goldCount = 0;
        int predCount = 0;
        for (String document : documents) {
            List<MultiClinAiRow> g = goldDocs.getOrDefault(document, List.of());
            List<MultiClinAiRow> p = predDocs.getOrDefault(document, List.of());
            int matched = strictMatches(g, p);
            tp += matched;
            fp += p.size() - matched;
            fn += g.size() - matched;
            for (MultiClinAiRow row : g) {
                goldSum = goldSum.add(new BigDecimal(bestOverlap(row, p)));
            }
            for (MultiClinAiRow row : p) {
                predSum = predSum.add(new BigDecimal(bestOverlap(row, g)));
            }
            goldCount += g.size();
            predCount += p.size();
        }
        double charRecall = goldCount == 0 ? 0.0 : goldSum.doubleValue() / goldCount;
        double charPrecision = predCount == 0 ? 0.0 : predSum.doubleValue() / predCount;
        return new ScoreReport(entity, tp, fp, fn, charPrecision, charRecall, goldCount, predCount);
    }

    private static Map<String, List<MultiClinAiRow>> byDocument(List<MultiClinAiRow> rows, String entity) {
        Map<String, List<MultiClinAiRow>> documents = new LinkedHashMap<>();
        for (MultiClinAiRow row : rows) {
            if (entity == null || row.label().equals(entity)) {
                documents.computeIfAbsent(row.filename(), d -> new ArrayList<>()).add(row);
            }
        }
        return documents;
    }

    /** Each gold span, in order, takes the first unmatched prediction with the same label and offsets. */
    private static int strictMatches(List<MultiClinAiRow> gold, List<MultiClinAiRow> predictions) {
        boolean[] used = new boolean[predictions.size()];
        int matched = 0;
        for (MultiClinAiRow g : gold) {
            for (int i = 0; i < predictions.size(); i++) {
                MultiClinAiRow p = predictions.get(i);
                if (!used[i] && g.label().equals(p.label()) && g.start() == p.start() && g.end() == p.end()) {
                    used[i] = true;
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }

    private static double bestOverlap(MultiClinAiRow row, List<MultiClinAiRow> others) {
        double best = 0.0;
        for (MultiClinAiRow other : others) {
            best = Math.max(best, overlapF1(row, other));
        }
        return best;
    }

    /**
     * The character-overlap F1 of two spans of the same document: 0 for different labels or no
     * overlap, else the harmonic mean of overlap/len(prediction) and overlap/len(gold) (symmetric).
     *
     * @param a one span
     * @param b the other span
     * @return the overlap F1
     */
    static double overlapF1(MultiClinAiRow a, MultiClinAiRow b) {
        if (!a.label().equals(b.label())) {
            return 0.0;
        }
        int overlap = Math.max(0, Math.min(a.end(), b.end()) - Math.max(a.start(), b.start()));
        if (overlap == 0) {
            return 0.0;
        }
        double recall = (double) overlap / (a.end() - a.start());
        double precision = (double) overlap / (b.end() - b.start());
        return 2 * precision * recall / (precision + recall);
    }
}
