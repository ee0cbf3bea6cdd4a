package org.clinner.format;

import org.clinner.text.CodePointOrder;

import java.util.Comparator;

/**
 * One row of a MultiClinAI TSV file: a mention of a document.
 *
 * @param filename document name (file name without {@code .txt})
 * @param label entity label, e.g. {@code PROCEDURE}
 * @param start start offset in Unicode code points
 * @param end end offset in code points (exclusive)
 * @param text the covered text
 */
public record MultiClinAiRow(String filename, String label, int start, int end, String text) {

    /**
     * File, then start, end, label and text, the strings in code point order: the order rows are
     * written in, the same as Python's and as Spark's (UTF-8 bytes).
     */
    public static final Comparator<MultiClinAiRow> ORDER = Comparator
            .comparing(MultiClinAiRow::filename, CodePointOrder.ORDER)
            .thenComparingInt(MultiClinAiRow::start)
            .thenComparingInt(MultiClinAiRow::end)
            .thenComparing(MultiClinAiRow::label, CodePointOrder.ORDER)
            .thenComparing(MultiClinAiRow::text, CodePointOrder.ORDER);
}
