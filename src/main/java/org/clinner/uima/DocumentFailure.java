package org.clinner.uima;

/**
 * A document that could not be processed, as a run lists it.
 *
 * @param document its name (DKPro document id), or {@link #UNNAMED}
 * @param reason why, without the name
 */
public record DocumentFailure(String document, String reason) {

    /** The name of a document without a name. */
    public static final String UNNAMED = "(unnamed document)";

    /**
     * Says why a document failed: the innermost message of an exception's causes (UIMA wraps a
     * component's exception in exceptions without a useful message, and {@link DocumentException}
     * puts the name before the problem's own message).
     *
     * @param error what processing the document threw
     * @return the innermost message, or the exception itself when no cause has one
     */
    public static String reason(Throwable error) {
        String message = error.toString();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /**
     * Says why a run ended, as a front end prints it: the document's name and the reason when a
     * document is to blame (a {@link DocumentException} among the causes), else the innermost
     * reason.
     *
     * @param error what ended the run
     * @return e.g. {@code notes/b.txt: gold span 11-18 covers ' biopsi', the gold row says 'biopsia'}
     */
    public static String message(Throwable error) {
        DocumentFailure failure = of(error, null);
        return failure.document().equals(UNNAMED) ? failure.reason() : failure.document() + ": " + failure.reason();
    }

    /**
     * Describes a failure from what processing a document threw.
     *
     * @param error the exception
     * @param fallbackName the document's name when the exception does not carry one (null: unnamed)
     * @return the failure
     */
    public static DocumentFailure of(Throwable error, String fallbackName) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DocumentException named) {
                return new DocumentFailure(named.document(), reason(error));
            }
        }
        return new DocumentFailure(fallbackName == null ? UNNAMED : fallbackName, reason(error));
    }
}
