package org.clinner.testing;

import org.clinner.format.MultiClinAiRow;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows a model that labels every word {@code B-PROCEDURE} must give, worked out from the words
 * alone: each word is a mention of its own, trimmed of whitespace and then of punctuation, with code
 * point offsets (the published script's trimming, written here as a regular expression).
 */
public final class TrimmedWords {

    private static final Pattern TRIM = Pattern.compile("^\\s*+\\p{P}*+(.*?)\\p{P}*+\\s*+$",
            Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);

    private TrimmedWords() {}

    /**
     * Adds the row of one word, unless trimming leaves nothing of it.
     *
     * @param rows where to add it
     * @param document the MultiClinAI file name
     * @param text the document's text
     * @param begin the word's UTF-16 start
     * @param end the word's UTF-16 end
     */
    public static void add(List<MultiClinAiRow> rows, String document, String text, int begin, int end) {
        Matcher kept = TRIM.matcher(text.substring(begin, end));
        if (kept.matches() && !kept.group(1).isEmpty()) {
            int b = begin + kept.start(1);
            int e = begin + kept.end(1);
            rows.add(new MultiClinAiRow(document, "PROCEDURE", text.codePointCount(0, b), text.codePointCount(0, e),
                    text.substring(b, e)));
        }
    }
}
