package org.clinner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.eval.MultiClinAiScorer;
import org.clinner.eval.ScoreReport;
import org.clinner.format.MultiClinAiRow;
import org.clinner.report.SpanComparison.Kind;

import org.junit.jupiter.api.Test;

import java.util.List;

/** What each span is, and how the counts meet the official scorer's. */
class SpanComparisonTest {

    private static MultiClinAiRow row(String label, int start, int end) {
        return new MultiClinAiRow("d", label, start, end, "x".repeat(end - start));
    }

    private static List<Kind> kinds(List<SpanComparison.Compared> side) {
        return side.stream().map(SpanComparison.Compared::kind).toList();
    }

    @Test
    void eachKindAsDefined() {
        List<MultiClinAiRow> gold = List.of(row("P", 0, 5), row("P", 10, 15), row("P", 20, 25), row("D", 30, 35));
        List<MultiClinAiRow> predicted = List.of(row("P", 0, 5), row("P", 12, 18), row("P", 40, 45),
                row("P", 30, 35));
        SpanComparison comparison = SpanComparison.of(gold, predicted);
        assertEquals(List.of(Kind.EXACT, Kind.BOUNDARY, Kind.FALSE_NEGATIVE, Kind.FALSE_NEGATIVE),
                kinds(comparison.gold()));
        assertEquals(List.of(Kind.EXACT, Kind.BOUNDARY, Kind.FALSE_POSITIVE, Kind.FALSE_POSITIVE),
                kinds(comparison.predicted()));
        assertEquals(6, comparison.errors());
    }

    @Test
    void duplicatesCountAsTheOfficialScorerCountsThem() {
        MultiClinAiRow span = row("P", 3, 9);
        SpanComparison twiceGold = SpanComparison.of(List.of(span, span), List.of(span));
        assertEquals(List.of(Kind.EXACT, Kind.FALSE_NEGATIVE), kinds(twiceGold.gold()));
        ScoreReport score = MultiClinAiScorer.score(List.of(span, span), List.of(span), null);
        assertEquals(score.fn(), twiceGold.count(Kind.FALSE_NEGATIVE));
        assertEquals(1, twiceGold.errors());

        SpanComparison twicePredicted = SpanComparison.of(List.of(span), List.of(span, span));
        assertEquals(List.of(Kind.EXACT, Kind.EXACT), kinds(twicePredicted.predicted()));
        assertEquals(0, MultiClinAiScorer.score(List.of(span), List.of(span, span), null).fp());
        assertEquals(0, twicePredicted.errors());
    }
}
