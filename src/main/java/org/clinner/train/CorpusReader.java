package org.clinner.train;

import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.io.DocumentFolder;
import org.clinner.model.tagging.Span;
import org.clinner.text.PythonText;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.DocumentException;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.cas.CASException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a training corpus: every {@code .txt} under a folder, found as {@code clinner annotate} finds
 * documents ({@link DocumentFolder}: links followed, loops skipped with a warning, hidden files left
 * out) and decoded as Python does, segmented into sentences and words by the segmenter of the
 * pipeline (the one words mode uses), with gold entities from a MultiClinAI TSV and/or brat
 * {@code .ann} files (code point offsets, converted to UTF-16). A file that cannot be read or a
 * gold span that does not fit its text is a {@link DocumentException} naming the document: a
 * training set is not silently smaller.
 */
public final class CorpusReader {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusReader.class);

    private CorpusReader() {}

    /**
     * Reads and segments a corpus.
     *
     * @param texts folder of {@code .txt} files (searched recursively)
     * @param goldTsv MultiClinAI TSV of gold spans, or null
     * @param annotations folder of brat {@code .ann} files named like the texts, or null
     * @param pipeline the pipeline whose segmenter and language the documents get
     * @return the documents sorted by name
     * @throws DocumentException naming the document of a file that cannot be read or decoded, or of a
     *     gold span that does not fit its text
     * @throws IOException when the folder or a gold file cannot be read
     */
    public static List<TrainingDocument> read(Path texts, Path goldTsv, Path annotations, ClinnerPipeline pipeline)
            throws IOException, DocumentException {
        Map<String, List<MultiClinAiRow>> gold = goldTsv == null ? Map.of() : MultiClinAiTsv.readByDocument(goldTsv);
        DocumentFolder.Listing listing = DocumentFolder.scan(texts, List.of(ClinnerPipeline.DOCUMENTS), List.of());
        listing.skippedLoops().forEach(loop -> LOG.warn("{}: a symbolic link to an enclosing folder, not followed",
                loop));
        try {
            AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(pipeline.segmenter());
            JCas jcas = JCasFactory.createJCas();
            List<TrainingDocument> documents = new ArrayList<>();
            for (DocumentFolder.Entry entry : listing.entries()) {
                String text = text(entry);
                DocumentRows rows = new DocumentRows(entry.relativePath(), text);
                List<MultiClinAiRow> entities = new ArrayList<>(gold.getOrDefault(rows.filename(), List.of()));
                if (annotations != null) {
                    entities.addAll(BratAnnotations.read(annotations.resolve(rows.filename() + ".ann"),
                            rows.filename()));
                }
                documents.add(new TrainingDocument(rows.filename(), text,
                        sentences(jcas, segmenter, text, pipeline), entities(rows, entities)));
            }
            segmenter.destroy();
            return documents;
        } catch (ResourceInitializationException | CASException | AnalysisEngineProcessException e) {
            throw new IOException("segmentation failed: " + e.getMessage(), e);
        }
    }

    /** The text of a document, decoded as Python does. */
    private static String text(DocumentFolder.Entry entry) throws DocumentException {
        try {
            if (entry.problem() != null) {
                throw new IOException("cannot read: " + DocumentFolder.reason(entry.problem()));
            }
            return PythonText.read(Files.readAllBytes(entry.file()));
        } catch (IOException e) {
            throw new DocumentException(entry.relativePath(), e);
        }
    }

    private static List<List<Span>> sentences(JCas jcas, AnalysisEngine segmenter, String text,
            ClinnerPipeline pipeline) throws AnalysisEngineProcessException {
        jcas.reset();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage(pipeline.settings().language());
        segmenter.process(jcas);
        return pipeline.words().sentences(jcas.getCas());
    }

    /** The gold entities of a document; a row without text (a discontinuous brat entity) is not checked. */
    private static List<BioLabeler.Entity> entities(DocumentRows document, List<MultiClinAiRow> rows)
            throws DocumentException {
        List<BioLabeler.Entity> entities = new ArrayList<>();
        for (MultiClinAiRow row : rows) {
            try {
                DocumentRows.TextSpan span = document.span(row, !row.text().isEmpty());
                entities.add(new BioLabeler.Entity(span.begin(), span.end(), row.label()));
            } catch (IllegalArgumentException e) {
                throw new DocumentException(document.filename(), e);
            }
        }
        return entities;
    }
}
