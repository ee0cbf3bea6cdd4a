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
        return withoutExtension(name);
    }

    /**
     * Turns a document id into its MultiClinAI file name.
     *
     * @param documentId e.g. {@code sub/note.txt}
     * @return the id without a {@code .txt} extension, e.g. {@code sub/note}
     */
    public static String withoutExtension(String documentId) {
        return documentId.endsWith(EXTENSION) ? documentId.substring(0, documentId.length() - EXTENSION.length())
                : documentId;
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
