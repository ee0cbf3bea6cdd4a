package org.clinner.uima;

import org.clinner.format.DocumentRows;
import org.clinner.format.ExternalRowSorter;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
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

    /**
     * The mentions to write, in one word, as the annotator's {@code types} names them: {@code dkpro}
     * (the default: {@code ClinicalEntity} and its subtypes, labelled by their {@code label}) or
     * {@code ctakes} (cTAKES' {@code ProcedureMention}, {@code DiseaseDisorderMention} and
     * {@code SignSymptomMention}, labelled PROCEDURE, DISEASE and SYMPTOM by their type).
     * {@link #PARAM_ENTITY_TYPE} or {@link #PARAM_LABEL_FEATURE} replace the preset.
     */
    public static final String PARAM_TYPES = "types";
    @ConfigurationParameter(name = PARAM_TYPES, defaultValue = "dkpro")
    private String types;

    /**
     * The annotation type to write, with its subtypes (unset: {@code ClinicalEntity}); it must be a
     * type the class path declares (a misspelt name stops the pipeline in {@code initialize}).
     */
    public static final String PARAM_ENTITY_TYPE = "entityType";
    @ConfigurationParameter(name = PARAM_ENTITY_TYPE, mandatory = false)
    private String entityType;

    /** The string feature that holds the label (unset: {@code label}; {@code value} for DKPro's NamedEntity). */
    public static final String PARAM_LABEL_FEATURE = "labelFeature";
    @ConfigurationParameter(name = PARAM_LABEL_FEATURE, mandatory = false)
    private String labelFeature;

    /** Rows kept in memory before a sorted run is written beside the target. */
    public static final String PARAM_MAX_ROWS_IN_MEMORY = "maxRowsInMemory";
    @ConfigurationParameter(name = PARAM_MAX_ROWS_IN_MEMORY, defaultValue = "200000")
    private int maxRowsInMemory;

    /** The file this writer writes in cTAKES' {@code OutputDirectory}. */
    public static final String FILE_IN_OUTPUT_DIRECTORY = "mentions.tsv";

    private ExternalRowSorter rows;
    private Path file;
    private List<Source> sources;

    /**
     * Mentions of one type and how they are labelled.
     *
     * @param typeName the annotation type (with subtypes)
     * @param labelFeature the string feature holding the label, or null
     * @param label the label of every mention of the type, when there is no feature
     * @param parameter the parameter the type comes from, for messages
     */
    private record Source(String typeName, String labelFeature, String label, String parameter) {}

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        file = target();
        if (Files.exists(file) && !overwrite()) {
            throw new ResourceInitializationException(new IOException(
                    file + " exists; set " + PARAM_OVERWRITE + "=true to replace it"));
        }
        try {
            sources = sources(TypePreset.parse(types, PARAM_TYPES));
            for (Source source : sources) {
                Type known = TypeNames.knownAnnotationType(source.typeName(), source.parameter());
                if (known != null && source.labelFeature() != null) {
                    TypeNames.stringFeature(known, source.labelFeature(), PARAM_LABEL_FEATURE);
                }
            }
            rows = new ExternalRowSorter(maxRowsInMemory, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    /** What to write: the entity type with its label feature, or the preset's types with their labels. */
    private List<Source> sources(TypePreset preset) {
        if (preset == TypePreset.DKPRO || entityType != null || labelFeature != null) {
            return List.of(new Source(entityType != null ? entityType : preset.otherLabelsType(),
                    labelFeature != null ? labelFeature : "label", null, PARAM_ENTITY_TYPE));
        }
        List<Source> byType = new ArrayList<>();
        preset.typeByLabel().forEach((label, type) -> byType.add(
                new Source(type, null, label, PARAM_ENTITY_TYPE + " (" + PARAM_TYPES + "=" + types + ")")));
        return byType;
    }

    @Override
    protected String nameInOutputDirectory() {
        return FILE_IN_OUTPUT_DIRECTORY;
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            DocumentRows document = new DocumentRows(DocumentNames.id(jcas), jcas.getDocumentText());
            List<MultiClinAiRow> found = new ArrayList<>();
            for (Source source : sources) {
                Type type = TypeNames.annotationType(jcas.getTypeSystem(), source.typeName(), source.parameter());
                Feature label = source.labelFeature() == null ? null
                        : TypeNames.stringFeature(type, source.labelFeature(), PARAM_LABEL_FEATURE);
                for (AnnotationFS mention : CasUtil.select(jcas.getCas(), type)) {
                    found.add(document.row(mention.getBegin(), mention.getEnd(),
                            label == null ? source.label() : mention.getStringValue(label)));
                }
            }
            add(found);
        } catch (RuntimeException | IOException e) {
            throw DocumentException.of(jcas, e);
        }
    }

    private void add(List<MultiClinAiRow> found) throws IOException {
        synchronized (rows) {
            for (MultiClinAiRow row : found) {
                rows.add(row);
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
        if (rows != null) {
            try {
                rows.close();
            } catch (IOException e) {
                getLogger().warn("cannot delete the row runs of " + file + ": " + e.getMessage());
            }
        }
        super.destroy();
    }
}
