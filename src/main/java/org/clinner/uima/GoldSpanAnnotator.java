package org.clinner.uima;

import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.type.GoldMention;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Adds the reference spans of a MultiClinAI TSV file to the CAS of each document as
 * {@link GoldMention}s (code point offsets converted to UTF-16), for evaluation inside a pipeline.
 * Documents are matched by name (DKPro document id without {@code .txt}). A row whose offsets fall
 * outside its document, or whose text column does not match the covered text, is an error naming
 * the document.
 */
@ResourceMetaData(name = "MultiClinAI gold span annotator",
        description = "Adds the reference spans of a MultiClinAI TSV file to the CAS of each document.")
@TypeCapability(outputs = "org.clinner.type.GoldMention")
public class GoldSpanAnnotator extends JCasAnnotator_ImplBase {

    /** The TSV file of reference spans. */
    public static final String PARAM_SOURCE_LOCATION = ComponentParameters.PARAM_SOURCE_LOCATION;
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATION, mandatory = true)
    private String sourceLocation;

    private Map<String, List<MultiClinAiRow>> rowsByDocument;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            rowsByDocument = MultiClinAiTsv.readByDocument(Paths.get(sourceLocation));
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            DocumentRows document = new DocumentRows(DocumentNames.id(jcas), jcas.getDocumentText());
            for (MultiClinAiRow row : rowsByDocument.getOrDefault(document.filename(), List.of())) {
                DocumentRows.TextSpan span = document.span(row, true);
                GoldMention gold = new GoldMention(jcas, span.begin(), span.end());
                gold.setLabel(row.label());
                gold.addToIndexes();
            }
        } catch (RuntimeException e) {
            throw DocumentException.of(jcas, e);
        }
    }
}
