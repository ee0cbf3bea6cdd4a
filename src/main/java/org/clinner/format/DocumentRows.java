package org.clinner.format;

import org.clinner.text.CodePointIndex;

/**
 * The MultiClinAI rows of one document: its file name (the document id without {@code .txt}), its
 * mentions as rows (UTF-16 spans of the Java text to code point offsets), and gold rows back as
 * UTF-16 spans, checked against the text.
 */
public final class DocumentRows {

    private static final String EXTENSION = ".txt";

    private final String filename;
    private final String text;
    private final CodePointIndex index;
    private final int codePoints;

    /**
     * Indexes a document.
     *
     * @param documentId its id, e.g. the path below the input folder ({@code sub/note.txt})
     * @param text its text
     */
    public DocumentRows(String documentId, String text) {
        this.filename = filename(documentId);
        this.text = text;
        this.index = new CodePointIndex(text);
        this.codePoints = text.codePointCount(0, text.length());
    }

    /**
     * Turns a document id into its MultiClinAI file name.
     *
     * @param documentId e.g. {@code sub/note.txt}
     * @return the id without a {@code .txt} extension, e.g. {@code sub/note}
     */
    public static String filename(String documentId) {
        return documentId.endsWith(EXTENSION)
                ? documentId.substring(0, documentId.length() - EXTENSION.length()) : documentId;
    }

    /**
     * Returns the document's file name.
     *
     * @return the id without {@code .txt}
     */
    public String filename() {
        return filename;
    }

    /**
     * Makes the row of a mention.
     *
     * @param begin UTF-16 start in the text
     * @param end UTF-16 end (exclusive)
     * @param label the entity label
     * @return the row, with code point offsets and the covered text
     */
    public MultiClinAiRow row(int begin, int end, String label) {
        return new MultiClinAiRow(filename, label, index.toCodePoint(begin), index.toCodePoint(end),
                text.substring(begin, end));
    }

    /**
     * Places a gold row in the text.
     *
     * @param row a row of this document (code point offsets)
     * @param checkText whether the row's text must be the text it covers
     * @return its UTF-16 span
     * @throws IllegalArgumentException when the row ends after the text, or its text is checked and is
     *     not the text it covers
     */
    public TextSpan span(MultiClinAiRow row, boolean checkText) {
        if (row.end() > codePoints) {
            throw new IllegalArgumentException("gold span " + row.start() + "-" + row.end() + " ends after the text's "
                    + codePoints + " characters");
        }
        TextSpan span = new TextSpan(index.toUtf16(row.start()), index.toUtf16(row.end()));
        String covered = text.substring(span.begin(), span.end());
        if (checkText && !covered.equals(row.text())) {
            throw new IllegalArgumentException("gold span " + row.start() + "-" + row.end() + " covers '" + covered
                    + "', the gold row says '" + row.text() + "'");
        }
        return span;
    }

    /**
     * A span of the Java text.
     *
     * @param begin UTF-16 start
     * @param end UTF-16 end (exclusive)
     */
    public record TextSpan(int begin, int end) {}
}
