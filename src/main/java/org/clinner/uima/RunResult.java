package org.clinner.uima;

import java.util.List;

/**
 * What a pipeline run over a collection did.
 *
 * @param documents documents read, failed or not
 * @param mentions ClinNER mentions ({@code ClinicalEntity}) in the documents that did not fail
 * @param failures the documents that failed, in the order they failed
 */
public record RunResult(int documents, long mentions, List<DocumentFailure> failures) {

    /**
     * Copies the failures.
     *
     * @param documents documents read
     * @param mentions mentions found
     * @param failures the failed documents
     */
    public RunResult {
        failures = List.copyOf(failures);
    }
}
