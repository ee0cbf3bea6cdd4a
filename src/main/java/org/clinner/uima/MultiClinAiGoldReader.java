package org.clinner.uima;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.text.CodePointIndex;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a MultiClinAI TSV file of reference spans and adds each document's rows to its CAS as
 * {@link GoldMention}s (code point offsets converted to UTF-16), for evaluation inside a pipeline.
 * Documents are matched by name (DKPro document id without {@code .txt}). A row whose offsets fall
 * outside its document, or whose text column does not match the covered text, is an error naming
 * the document.
 */
@ResourceMetaData(name = "MultiClinAI gold reader",
        description = "Adds the reference spans of a MultiClinAI TSV file to the CAS of each document.")
@TypeCapability(outputs = "org.clinner.type.GoldMention")
public class MultiClinAiGoldReader extends JCasAnnotator_ImplBase {

    /** The TSV file of reference spans. */
    public static final String PARAM_SOURCE_LOCATION = ComponentParameters.PARAM_SOURCE_LOCATION;
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATION, mandatory = true)
    private String sourceLocation;

    private Map<String, List<MultiClinAiRow>> rowsByDocument;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        rowsByDocument = new HashMap<>();
        try {
            for (MultiClinAiRow row : MultiClinAiTsv.read(Paths.get(sourceLocation))) {
                rowsByDocument.computeIfAbsent(row.filename(), f -> new ArrayList<>()).add(row);
            }
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String name = DocumentNames.of(jcas);
        String text = jcas.getDocumentText();
        CodePointIndex index = new CodePointIndex(text);
        int codePoints = text.codePointCount(0, text.length());
        for (MultiClinAiRow row : rowsByDocument.getOrDefault(name, List.of())) {
            if (row.end() > codePoints) {
                throw new AnalysisEngineProcessException(new IllegalStateException("document '" + name + "': gold span "
                        + row.start() + "-" + row.end() + " ends after the text's " + codePoints + " characters"));
            }
            GoldMention gold = new GoldMention(jcas, index.toUtf16(row.start()), index.toUtf16(row.end()));
            if (!gold.getCoveredText().equals(row.text())) {
                throw new AnalysisEngineProcessException(new IllegalStateException("document '" + name + "': gold span "
                        + row.start() + "-" + row.end() + " covers '" + gold.getCoveredText() + "', the file says '"
                        + row.text() + "'"));
            }
            gold.setLabel(row.label());
            gold.addToIndexes();
        }
    }
}
