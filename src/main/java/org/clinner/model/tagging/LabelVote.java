package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * The votes of the windows that saw one word, and the published script's rule to pick its label:
 * the most frequent label wins; when several labels share the top count and {@code O} is one of
 * them, {@code O} is dropped and the first remaining label in most-common order wins (ties keep the
 * order in which labels were first voted, as Python's {@code Counter.most_common} does).
 */
final class LabelVote {

    private final List<Integer> labels = new ArrayList<>(2);
    private final List<Integer> counts = new ArrayList<>(2);
    private final List<Double> probabilitySums = new ArrayList<>(2);

    /**
     * Adds one window's vote.
     *
     * @param label the label id
     * @param probability the probability the model gave it
     */
    void add(int label, double probability) {
        int at = labels.indexOf(label);
        if (at < 0) {
            labels.add(label);
            counts.add(1);
            probabilitySums.add(probability);
        } else {
            counts.set(at, counts.get(at) + 1);
            probabilitySums.set(at, probabilitySums.get(at) + probability);
        }
    }

    /**
     * Returns whether any window voted.
     *
     * @return false when the word was never seen
     */
    boolean isEmpty() {
        return labels.isEmpty();
    }

    /**
     * Returns the position of the winning label among the voted labels.
     *
     * @param scheme the label scheme, to recognise {@code O}
     * @return index into the voted labels
     */
    private int winnerIndex(LabelScheme scheme) {
        int best = 0;
        for (int i = 1; i < labels.size(); i++) {
            if (counts.get(i) > counts.get(best)) {
                best = i;
            }
        }
        int top = counts.get(best);
        if (!scheme.isOutside(labels.get(best))) {
            return best;
        }
        int firstOther = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (counts.get(i) == top && i != best) {
                firstOther = i;
                break;
            }
        }
        return firstOther < 0 ? best : firstOther;
    }

    /**
     * Returns the winning label.
     *
     * @param scheme the label scheme
     * @return the label id
     */
    int winner(LabelScheme scheme) {
        return labels.get(winnerIndex(scheme));
    }

    /**
     * Returns the mean probability of the votes for the winning label.
     *
     * @param scheme the label scheme
     * @return the word's confidence
     */
    double winnerProbability(LabelScheme scheme) {
        int at = winnerIndex(scheme);
        return probabilitySums.get(at) / counts.get(at);
    }
}
