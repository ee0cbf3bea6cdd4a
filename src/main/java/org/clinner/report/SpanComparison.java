package org.clinner.report;

import org.clinner.format.MultiClinAiRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One document's gold spans against its predicted spans, label by label: a span is an exact match
 * when the other side has the same label and offsets, a boundary mismatch when it overlaps a span of
 * the same label on the other side without an equal one, and otherwise a false positive (predicted)
 * or a false negative (gold). A span of another label never matches: a wrong label shows as a false
 * positive beside a false negative.
 *
 * @param gold the gold rows and what each is
 * @param predicted the predicted rows and what each is
 */
public record SpanComparison(List<Compared> gold, List<Compared> predicted) {

    /** What a span is in the comparison; {@link #css} is its class in the pages. */
    public enum Kind {
        /** Equal to a span of the other side. */
        EXACT("exact", "exact match"),
        /** Overlapping a span of the same label on the other side, equal to none. */
        BOUNDARY("boundary", "boundary mismatch"),
        /** Predicted, overlapping no gold span of its label. */
        FALSE_POSITIVE("fp", "false positive"),
        /** Gold, overlapping no predicted span of its label. */
        FALSE_NEGATIVE("fn", "false negative");

        private final String css;
        private final String description;

        Kind(String css, String description) {
            this.css = css;
            this.description = description;
        }

        /**
         * Returns the kind's class name in the pages.
         *
         * @return e.g. {@code fp}
         */
        public String css() {
            return css;
        }

        /**
         * Returns the kind in words.
         *
         * @return e.g. {@code false positive}
         */
        public String description() {
            return description;
        }
    }

    /**
     * A row and what it is.
     *
     * @param row the row (code point offsets)
     * @param kind what it is
     */
    public record Compared(MultiClinAiRow row, Kind kind) {}

    /**
     * Compares one document's rows.
     *
     * @param gold its gold rows
     * @param predicted its predicted rows
     * @return every row with its kind, in the given order
     */
    public static SpanComparison of(List<MultiClinAiRow> gold, List<MultiClinAiRow> predicted) {
        return new SpanComparison(side(gold, predicted, Kind.FALSE_NEGATIVE, true),
                side(predicted, gold, Kind.FALSE_POSITIVE, false));
    }

    /**
     * Classifies one side's rows. As in the official scorer, a prediction matches at most one gold
     * row (a second, equal gold row is a false negative) and equal predictions count as one.
     */
    private static List<Compared> side(List<MultiClinAiRow> rows, List<MultiClinAiRow> other, Kind unmatched,
            boolean consume) {
        Set<String> exact = new HashSet<>();
        other.forEach(row -> exact.add(key(row)));
        Set<String> taken = new HashSet<>();
        List<MultiClinAiRow> byStart = new ArrayList<>(other);
        byStart.sort(Comparator.comparingInt(MultiClinAiRow::start));
        List<Compared> compared = new ArrayList<>();
        for (MultiClinAiRow row : rows) {
            String key = key(row);
            Kind kind = exact.contains(key) ? (!consume || taken.add(key) ? Kind.EXACT : unmatched)
                    : overlaps(row, byStart) ? Kind.BOUNDARY : unmatched;
            compared.add(new Compared(row, kind));
        }
        return compared;
    }

    private static boolean overlaps(MultiClinAiRow row, List<MultiClinAiRow> byStart) {
        for (MultiClinAiRow other : byStart) {
            if (other.start() >= row.end()) {
                return false;
            }
            if (other.end() > row.start() && other.label().equals(row.label())) {
                return true;
            }
        }
        return false;
    }

    private static String key(MultiClinAiRow row) {
        return row.label() + '\t' + row.start() + '\t' + row.end();
    }

    /**
     * Counts the spans of a kind on both sides.
     *
     * @param kind the kind
     * @return how many gold and predicted spans are of it
     */
    public int count(Kind kind) {
        return (int) (gold.stream().filter(c -> c.kind() == kind).count()
                + predicted.stream().filter(c -> c.kind() == kind).count());
    }

    /**
     * Counts the spans that are not exact matches, on both sides.
     *
     * @return the document's errors
     */
    public int errors() {
        return gold.size() + predicted.size() - count(Kind.EXACT);
    }
}
