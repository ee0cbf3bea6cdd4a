package org.clinner.uima;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.jcas.JCas;

/**
 * A problem with one document, as every ClinNER component reports it: the message is the
 * document's name, a colon and the problem's message; the cause is the problem. A run that lists
 * its failed documents takes the name and the innermost message ({@link DocumentFailure#reason}).
 */
public class DocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String document;

    /**
     * Creates the exception.
     *
     * @param document the document's name, or null when it has none
     * @param problem what went wrong
     */
    public DocumentException(String document, Throwable problem) {
        super((document == null ? DocumentFailure.UNNAMED : document) + ": " + problem.getMessage(), problem);
        this.document = document == null ? DocumentFailure.UNNAMED : document;
    }

    /**
     * Wraps a problem of the document in a CAS as an analysis component throws it.
     *
     * @param jcas the CAS
     * @param problem what went wrong
     * @return the exception to throw from {@code process}
     */
    public static AnalysisEngineProcessException of(JCas jcas, Throwable problem) {
        return new AnalysisEngineProcessException(new DocumentException(DocumentNames.describe(jcas), problem));
    }

    /**
     * Returns the document.
     *
     * @return its name, or {@link DocumentFailure#UNNAMED}
     */
    public String document() {
        return document;
    }
}
