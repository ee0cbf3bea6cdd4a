package org.clinner.uima;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

/**
 * The name of a document as MultiClinAI files use it: DKPro's document id (the path relative to
 * the reader's source location) without a {@code .txt} extension.
 */
public final class DocumentNames {

    private static final String EXTENSION = ".txt";

    private DocumentNames() {}

    /**
     * Returns the MultiClinAI file name of a CAS.
     *
     * @param jcas a CAS with {@link DocumentMetaData}
     * @return the name, e.g. {@code S0004-06142005000500011-1}
     * @throws IllegalStateException when the CAS carries no document id, title or URI
     */
    public static String of(JCas jcas) {
        String name = describe(jcas);
        if (name == null) {
            throw new IllegalStateException("the CAS has no DocumentMetaData with a document id: read documents"
                    + " with a DKPro reader (e.g. TextReader) or add DocumentMetaData yourself");
        }
        return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
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
