package org.clinner.spark;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.text.PythonText;
import org.clinner.type.ClinicalEntity;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.DocumentFailure;
import org.clinner.uima.DocumentNames;
import org.clinner.uima.PipelineSettings;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The work of one Spark task: runs the uimaFIT pipeline (segmenter, then the NER annotator on the
 * model {@link ExecutorModels} keeps for this JVM) over the documents of a partition, one CAS
 * reused for all of them, and turns each CAS into rows before the next document: one row per
 * mention, or one row with the reason when the document failed. CASes never leave the task.
 */
final class DocumentAnnotator implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /**
     * Columns of the rows a task returns; a failed document has one row with its id as
     * {@code filename} and its reason as {@code error}.
     */
    static final StructType SCHEMA = new StructType()
            .add("filename", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, true)
            .add("start_span", DataTypes.IntegerType, true)
            .add("end_span", DataTypes.IntegerType, true)
            .add("text", DataTypes.StringType, true)
            .add("confidence", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true);

    private final PipelineSettings settings;
    private final String folder;
    private final CollectionAccumulator<String> modelLoads;

    /**
     * Creates the function.
     *
     * @param settings the pipeline's settings ({@link PipelineSettings#threads()}: the tasks an
     *     executor runs at the same time, which share its CPUs and its model)
     * @param folder for rows of files ({@code path}, {@code content}): the input folder's path, which
     *     document ids are relative to; null for rows of texts ({@code id}, {@code text})
     * @param modelLoads gets the executor id of every JVM that loads a model, once per model
     */
    DocumentAnnotator(PipelineSettings settings, String folder, CollectionAccumulator<String> modelLoads) {
        this.settings = settings;
        this.folder = folder;
        this.modelLoads = modelLoads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> documents) throws Exception {
        ClinnerPipeline pipeline = new ClinnerPipeline(settings);
        ExecutorModels.Held models = ExecutorModels.hold(pipeline);
        for (int load = 0; load < models.loadedNow(); load++) {
            modelLoads.add(SparkEnv.get().executorId());
        }
        AnalysisEngine engine = createEngine(createEngineDescription(
                pipeline.analysis(models.keys()).toArray(new AnalysisEngineDescription[0])));
        List<Row> rows = new ArrayList<>();
        try {
            JCas jcas = engine.newJCas();
            while (documents.hasNext()) {
                annotate(documents.next(), engine, jcas, rows);
            }
        } finally {
            engine.destroy();
        }
        return rows.iterator();
    }

    /** Adds a document's rows: one per mention, or one with the reason when it fails. */
    private void annotate(Row document, AnalysisEngine engine, JCas jcas, List<Row> rows) {
        String id = folder != null ? relativePath(document.getAs("path")) : document.getAs("id");
        try {
            jcas.reset();
            jcas.setDocumentText(text(document));
            jcas.setDocumentLanguage(settings.language());
            DocumentMetaData.create(jcas).setDocumentId(id);
            engine.process(jcas);
            addMentions(jcas, rows);
        } catch (Exception e) {
            rows.add(RowFactory.create(String.valueOf(id), null, null, null, null, null, DocumentFailure.reason(e)));
        }
    }

    /** A file's text decoded as the CLI decodes it (strict UTF-8, universal newlines), or a table's text as it is. */
    private String text(Row document) throws IOException {
        if (folder != null) {
            return PythonText.read(document.getAs("content"));
        }
        String text = document.getAs("text");
        if (text == null) {
            throw new IllegalArgumentException("the text is null");
        }
        return text;
    }

    private static void addMentions(JCas jcas, List<Row> rows) {
        DocumentRows document = new DocumentRows(DocumentNames.id(jcas), jcas.getDocumentText());
        for (ClinicalEntity mention : JCasUtil.select(jcas, ClinicalEntity.class)) {
            MultiClinAiRow row = document.row(mention.getBegin(), mention.getEnd(), mention.getLabel());
            rows.add(RowFactory.create(row.filename(), row.label(), row.start(), row.end(), row.text(),
                    mention.getConfidence(), null));
        }
    }

    /** A file's path below the input folder, as the CLI names documents ({@code sub/note.txt}). */
    private String relativePath(String location) {
        String path = new Path(location).toUri().getPath();
        return path.startsWith(folder) ? path.substring(folder.length()) : path;
    }
}
