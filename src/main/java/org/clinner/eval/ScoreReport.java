package org.clinner.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The figures of one MultiClinAI evaluation, printed exactly as the official scorer prints them
 * ({@code json.dumps(result, indent=2)} of Python numbers rounded with {@code round(x, 4)}: an
 * undefined strict precision, recall or F1 is the integer {@code 0}, other figures are floats).
 *
 * @param entity the label filter as given (null or empty: all labels)
 * @param tp strict true positives
 * @param fp strict false positives
 * @param fn strict false negatives
 * @param charPrecision mean best overlap F1 of the predictions
 * @param charRecall mean best overlap F1 of the gold spans
 * @param goldCount gold spans scored
 * @param predCount predictions scored (after removing duplicates)
 */
public record ScoreReport(String entity, int tp, int fp, int fn, double charPrecision, double charRecall,
        int goldCount, int predCount) {

    /**
     * Returns the strict precision, or null where the official scorer has the integer 0.
     *
     * @return TP / (TP + FP)
     */
    public Double strictPrecision() {
        return tp + fp == 0 ? null : (double) tp / (tp + fp);
    }

    /**
     * Returns the strict recall, or null where the official scorer has the integer 0.
     *
     * @return TP / (TP + FN)
     */
    public Double strictRecall() {
        return tp + fn == 0 ? null : (double) tp / (tp + fn);
    }

    /**
     * Returns the strict F1, or null where the official scorer has the integer 0.
     *
     * @return the harmonic mean of strict precision and recall
     */
    public Double strictF1() {
        double p = strictPrecision() == null ? 0 : strictPrecision();
        double r = strictRecall() == null ? 0 : strictRecall();
        return p + r == 0 ? null : 2 * p * r / (p + r);
    }

    /**
     * Returns the character-overlap F1.
     *
     * @return the harmonic mean of character precision and recall, 0.0 when both are 0
     */
    public double charF1() {
        return charPrecision + charRecall == 0 ? 0.0 : 2 * charPrecision * charRecall / (charPrecision + charRecall);
    }

    /**
     * Renders the report as the official scorer prints it.
     *
     * @return the JSON text, ending with a newline
     */
    public String toJson() {
        return "{\n"
                + "  \"entity\": " + (entity == null ? "null" : pythonString(entity)) + ",\n"
                + "  \"strict\": {\n"
                + "    \"precision\": " + pythonNumber(strictPrecision()) + ",\n"
                + "    \"recall\": " + pythonNumber(strictRecall()) + ",\n"
                + "    \"f1\": " + pythonNumber(strictF1()) + ",\n"
                + "    \"tp\": " + tp + ",\n"
                + "    \"fp\": " + fp + ",\n"
                + "    \"fn\": " + fn + "\n"
                + "  },\n"
                + "  \"char_f1\": {\n"
                + "    \"precision\": " + pythonNumber(charPrecision) + ",\n"
                + "    \"recall\": " + pythonNumber(charRecall) + ",\n"
                + "    \"f1\": " + pythonNumber(charF1()) + ",\n"
                + "    \"n_gold\": " + goldCount + ",\n"
                + "    \"n_pred\": " + predCount + "\n"
                + "  }\n"
                + "}\n";
    }

    /**
     * Python's {@code repr(round(value, 4))}, or {@code 0} for the integer zero (null).
     *
     * @param value the figure, or null for Python's integer 0
     * @return its JSON text
     */
    static String pythonNumber(Double value) {
        if (value == null) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() <= 0 ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
    }

    /** A JSON string as Python's json.dumps writes it with ensure_ascii. */
    private static String pythonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
