package org.clinner.uima;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.FSIterator;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.FeatureStructure;
import org.apache.uima.cas.Type;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

/**
 * The name of the document in a CAS: DKPro's document id (the path relative to the reader's
 * source location), else its title or URI; in a cTAKES pipeline, where no DKPro metadata is,
 * cTAKES' document id prefix and id ({@code sub/note}: the path below the input folder without
 * its extension, as cTAKES' {@code FileTreeReader} sets them). MultiClinAI rows take it without
 * {@code .txt} ({@link org.clinner.format.DocumentRows#filename}).
 */
public final class DocumentNames {

    private static final String CTAKES_ID = "org.apache.ctakes.typesystem.type.structured.DocumentID";
    private static final String CTAKES_PREFIX = "org.apache.ctakes.typesystem.type.structured.DocumentIdPrefix";

    private DocumentNames() {}

    /**
     * Returns the id of the document in a CAS, which MultiClinAI rows are named after.
     *
     * @param jcas a CAS with DKPro's {@link DocumentMetaData} or cTAKES' document id
     * @return the id, e.g. {@code S0004-06142005000500011-1.txt}
     * @throws IllegalStateException when the CAS carries no document id, title or URI
     */
    public static String id(JCas jcas) {
        String name = describe(jcas);
        if (name == null) {
            throw new IllegalStateException("the CAS has no DocumentMetaData with a document id (nor a cTAKES"
                    + " DocumentID): read documents with a DKPro or cTAKES reader, or add the metadata yourself");
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
            return ctakesName(jcas.getCas());
        }
        DocumentMetaData meta = DocumentMetaData.get(jcas);
        for (String candidate : new String[] {meta.getDocumentId(), meta.getDocumentTitle(), meta.getDocumentUri()}) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }

    /** cTAKES' document id below its prefix, read by name (the cTAKES types need not be there). */
    private static String ctakesName(CAS cas) {
        String id = value(cas, CTAKES_ID, "documentID");
        if (id == null || id.isEmpty()) {
            return null;
        }
        String prefix = value(cas, CTAKES_PREFIX, "documentIdPrefix");
        return prefix == null || prefix.isEmpty() ? id : prefix + "/" + id;
    }

    private static String value(CAS cas, String typeName, String featureName) {
        Type type = cas.getTypeSystem().getType(typeName);
        if (type == null) {
            return null;
        }
        Feature feature = type.getFeatureByBaseName(featureName);
        FSIterator<FeatureStructure> all = cas.getIndexRepository().getAllIndexedFS(type);
        return all.hasNext() && feature != null ? all.next().getStringValue(feature) : null;
    }
}
