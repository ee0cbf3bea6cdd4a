package org.clinner.spark;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.clinner.cli.PipelineOptions;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.text.CodePointIndex;
import org.clinner.text.PythonText;
import org.clinner.type.ClinicalEntity;
import org.clinner.uima.CpeMonitor;
import org.clinner.uima.DocumentNames;

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

    /** Columns of the rows a task returns; {@code error} is set (and only the file name) for a failed document. */
    static final StructType SCHEMA = new StructType()
            .add("filename", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, true)
            .add("start_span", DataTypes.IntegerType, true)
            .add("end_span", DataTypes.IntegerType, true)
            .add("text", DataTypes.StringType, true)
            .add("confidence", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true);

    private final PipelineOptions options;
    private final int tasksPerExecutor;
    private final String folder;
    private final CollectionAccumulator<String> modelLoads;

    /**
     * Creates the function.
     *
     * @param options the pipeline's options
     * @param tasksPerExecutor tasks an executor runs at the same time (they share its CPUs)
     * @param folder for rows of files ({@code path}, {@code content}): the input folder's path, which
     *     document ids are relative to; null for rows of texts ({@code id}, {@code text})
     * @param modelLoads gets the executor id of every JVM that loads the model
     */
    DocumentAnnotator(PipelineOptions options, int tasksPerExecutor, String folder,
            CollectionAccumulator<String> modelLoads) {
        this.options = options;
        this.tasksPerExecutor = tasksPerExecutor;
        this.folder = folder;
        this.modelLoads = modelLoads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> documents) throws Exception {
        DjlRuntime.setIntraOpThreads(options.intraOpThreads(tasksPerExecutor));
        ExecutorModels.Held model = ExecutorModels.hold(options.model(), options.torchScript(), options.offline());
        if (model.loadedNow()) {
            modelLoads.add(SparkEnv.get().executorId());
        }
        AnalysisEngine pipeline = createEngine(createEngineDescription(options.engines(model.directory())));
        List<Row> rows = new ArrayList<>();
        try {
            JCas jcas = pipeline.newJCas();
            while (documents.hasNext()) {
                Row document = documents.next();
                String id = folder != null ? relativePath(document.getAs("path")) : document.getAs("id");
                try {
                    jcas.reset();
                    jcas.setDocumentText(text(document, id));
                    jcas.setDocumentLanguage(options.language());
                    DocumentMetaData.create(jcas).setDocumentId(id);
                    pipeline.process(jcas);
                    addMentions(jcas, rows);
                } catch (Exception e) {
                    rows.add(RowFactory.create(DocumentNames.withoutExtension(String.valueOf(id)), null, null, null, null, null, CpeMonitor.reason(e)));
                }
            }
        } finally {
            pipeline.destroy();
        }
        return rows.iterator();
    }

    /** A file's text decoded as the CLI decodes it (strict UTF-8, universal newlines), or a table's text as it is. */
    private String text(Row document, String id) throws IOException {
        if (folder != null) {
            return PythonText.universalNewlines(PythonText.decodeUtf8(document.getAs("content"), id));
        }
        String text = document.getAs("text");
        if (text == null) {
            throw new IllegalArgumentException(id + ": the text is null");
        }
        return text;
    }

    private static void addMentions(JCas jcas, List<Row> rows) {
        String filename = DocumentNames.of(jcas);
        CodePointIndex index = new CodePointIndex(jcas.getDocumentText());
        for (ClinicalEntity mention : JCasUtil.select(jcas, ClinicalEntity.class)) {
            rows.add(RowFactory.create(filename, mention.getLabel(), index.toCodePoint(mention.getBegin()),
                    index.toCodePoint(mention.getEnd()), mention.getCoveredText(), mention.getConfidence(), null));
        }
    }

    /** A file's path below the input folder, as the CLI names documents ({@code sub/note.txt}). */
    private String relativePath(String location) {
        String path = new Path(location).toUri().getPath();
        return path.startsWith(folder) ? path.substring(folder.length()) : path;
    }
}
