package org.clinner.uima;

import org.clinner.format.ExternalRowSorter;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.text.CodePointIndex;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.util.CasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the mentions of a whole collection as one MultiClinAI TSV file
 * ({@code filename label start_span end_span text}): file name from DKPro's document id without
 * {@code .txt}, offsets in Unicode code points, rows sorted by file, start, end and label, fields
 * quoted as pandas writes them. The file is written atomically when the collection is complete;
 * until then the rows are kept in memory up to {@link #PARAM_MAX_ROWS_IN_MEMORY}, in sorted runs
 * beside the target after that (hidden files, deleted at the end), so a collection of any size takes
 * bounded memory. One instance per pipeline (multiple deployment is not allowed), so CPE threads
 * share it.
 */
@ResourceMetaData(name = "MultiClinAI TSV writer",
        description = "Writes clinical entity mentions of a collection as one MultiClinAI TSV file.")
@OperationalProperties(multipleDeploymentAllowed = false)
public class MultiClinAiTsvWriter extends TargetWriter_ImplBase {

    /** The annotation type to write, with its subtypes. */
    public static final String PARAM_ENTITY_TYPE = "entityType";
    @ConfigurationParameter(name = PARAM_ENTITY_TYPE, defaultValue = "org.clinner.type.ClinicalEntity")
    private String entityType;

    /** The string feature that holds the label ({@code value} for DKPro's NamedEntity). */
    public static final String PARAM_LABEL_FEATURE = "labelFeature";
    @ConfigurationParameter(name = PARAM_LABEL_FEATURE, defaultValue = "label")
    private String labelFeature;

    /** Rows kept in memory before a sorted run is written beside the target. */
    public static final String PARAM_MAX_ROWS_IN_MEMORY = "maxRowsInMemory";
    @ConfigurationParameter(name = PARAM_MAX_ROWS_IN_MEMORY, defaultValue = "200000")
    private int maxRowsInMemory;

    private ExternalRowSorter rows;
    private Path file;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        file = target();
        if (Files.exists(file) && !overwrite()) {
            throw new ResourceInitializationException(new IOException(
                    file + " exists; set " + PARAM_OVERWRITE + "=true to replace it"));
        }
        rows = new ExternalRowSorter(maxRowsInMemory, file.toAbsolutePath().getParent());
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        CAS cas = jcas.getCas();
        Type type = cas.getTypeSystem().getType(entityType);
        if (type == null) {
            throw new AnalysisEngineProcessException(new IllegalStateException(
                    "entity type '" + entityType + "' is not in the CAS type system"));
        }
        Feature label = type.getFeatureByBaseName(labelFeature);
        if (label == null) {
            throw new AnalysisEngineProcessException(new IllegalStateException(
                    "entity type '" + entityType + "' has no feature '" + labelFeature + "'"));
        }
        String filename;
        try {
            filename = DocumentNames.of(jcas);
        } catch (IllegalStateException e) {
            throw new AnalysisEngineProcessException(e);
        }
        String text = jcas.getDocumentText();
        CodePointIndex index = new CodePointIndex(text);
        List<MultiClinAiRow> document = new ArrayList<>();
        for (AnnotationFS mention : CasUtil.select(cas, type)) {
            document.add(new MultiClinAiRow(filename, mention.getStringValue(label),
                    index.toCodePoint(mention.getBegin()), index.toCodePoint(mention.getEnd()), mention.getCoveredText()));
        }
        synchronized (rows) {
            try {
                for (MultiClinAiRow row : document) {
                    rows.add(row);
                }
            } catch (IOException e) {
                throw new AnalysisEngineProcessException(e);
            }
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        synchronized (rows) {
            try (ExternalRowSorter sorted = rows) {
                Iterator<MultiClinAiRow> ordered = sorted.sorted();
                MultiClinAiTsv.write(file, () -> ordered);
            } catch (IOException | UncheckedIOException e) {
                throw new AnalysisEngineProcessException(e);
            }
        }
    }

    @Override
    public void destroy() {
        try {
            rows.close();
        } catch (IOException e) {
            getLogger().warn("cannot delete the row runs of " + file + ": " + e.getMessage());
        }
        super.destroy();
    }
}
