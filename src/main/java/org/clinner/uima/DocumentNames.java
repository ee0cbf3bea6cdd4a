package org.clinner.uima;

import org.clinner.format.DocumentRows;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

/**
 * The name of the document in a CAS: DKPro's document id (the path relative to the reader's
 * source location), else its title or URI. MultiClinAI rows take it without {@code .txt}
 * ({@link DocumentRows#filename}).
 */
public final class DocumentNames {

    private DocumentNames() {}

    /**
     * Returns the id of the document in a CAS, which MultiClinAI rows are named after.
     *
     * @param jcas a CAS with {@link DocumentMetaData}
     * @return the id, e.g. {@code S0004-06142005000500011-1.txt}
     * @throws IllegalStateException when the CAS carries no document id, title or URI
     */
    public static String id(JCas jcas) {
        String name = describe(jcas);
        if (name == null) {
            throw new IllegalStateException("the CAS has no DocumentMetaData with a document id: read documents"
                    + " with a DKPro reader (e.g. TextReader) or add DocumentMetaData yourself");
        }
        return name;
    }

    /**
     * Names a CAS for messages, whatever metadata it has.
     *
     * @param jcas the CAS
     * @return its document id, title or URI, or null when it has none
     */
    public static String describe(JCas jcas) {
        if (!JCasUtil.exists(jcas, DocumentMetaData.class)) {
            return null;
        }
        DocumentMetaData meta = DocumentMetaData.get(jcas);
        for (String candidate : new String[] {meta.getDocumentId(), meta.getDocumentTitle(), meta.getDocumentUri()}) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }
}
