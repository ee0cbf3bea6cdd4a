package org.clinner.train;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.tagging.Span;
import org.clinner.text.CodePointIndex;
import org.clinner.text.PythonText;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.cas.CASException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a training corpus: every {@code .txt} under a folder (decoded as Python does, as in
 * inference), segmented into sentences and words by DKPro's BreakIteratorSegmenter (the segmenter
 * of words mode), with gold entities from a MultiClinAI TSV and/or brat {@code .ann} files
 * (code point offsets, converted to UTF-16).
 */
public final class CorpusReader {

    private CorpusReader() {}

    /**
     * Reads and segments a corpus.
     *
     * @param texts folder of {@code .txt} files (searched recursively)
     * @param goldTsv MultiClinAI TSV of gold spans, or null
     * @param annotations folder of brat {@code .ann} files named like the texts, or null
     * @param language the segmenter's language
     * @return the documents sorted by name
     * @throws IOException when a file cannot be read or a gold span does not fit its document
     */
    public static List<TrainingDocument> read(Path texts, Path goldTsv, Path annotations, String language)
            throws IOException {
        Map<String, List<MultiClinAiRow>> gold = new HashMap<>();
        if (goldTsv != null) {
            for (MultiClinAiRow row : MultiClinAiTsv.read(goldTsv)) {
                gold.computeIfAbsent(row.filename(), f -> new ArrayList<>()).add(row);
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(texts)) {
            files = walk.filter(f -> f.toString().endsWith(".txt") && Files.isRegularFile(f)).sorted().toList();
        }
        try {
            AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(BreakIteratorSegmenter.class,
                    BreakIteratorSegmenter.PARAM_LANGUAGE, language);
            JCas jcas = JCasFactory.createJCas();
            List<TrainingDocument> documents = new ArrayList<>();
            for (Path file : files) {
                String relative = texts.relativize(file).toString().replace('\\', '/');
                String name = relative.substring(0, relative.length() - ".txt".length());
                String text = PythonText.universalNewlines(PythonText.decodeUtf8(Files.readAllBytes(file), relative));
                List<MultiClinAiRow> rows = new ArrayList<>(gold.getOrDefault(name, List.of()));
                if (annotations != null) {
                    rows.addAll(BratAnnotations.read(annotations.resolve(name + ".ann"), name));
                }
                documents.add(new TrainingDocument(name, text, sentences(jcas, segmenter, text, language),
                        entities(name, text, rows)));
            }
            segmenter.destroy();
            return documents;
        } catch (ResourceInitializationException | CASException | AnalysisEngineProcessException e) {
            throw new IOException("segmentation failed: " + e.getMessage(), e);
        }
    }

    private static List<List<Span>> sentences(JCas jcas, AnalysisEngine segmenter, String text, String language)
            throws AnalysisEngineProcessException {
        jcas.reset();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage(language);
        segmenter.process(jcas);
        List<List<Span>> sentences = new ArrayList<>();
        for (Collection<Token> tokens : JCasUtil.indexCovered(jcas, Sentence.class, Token.class).values()) {
            List<Span> words = new ArrayList<>();
            for (Token token : tokens) {
                words.add(new Span(token.getBegin(), token.getEnd()));
            }
            sentences.add(words);
        }
        return sentences;
    }

    private static List<BioLabeler.Entity> entities(String name, String text, List<MultiClinAiRow> rows) throws IOException {
        CodePointIndex index = new CodePointIndex(text);
        int codePoints = text.codePointCount(0, text.length());
        List<BioLabeler.Entity> entities = new ArrayList<>();
        for (MultiClinAiRow row : rows) {
            if (row.end() > codePoints) {
                throw new IOException(name + ": gold span " + row.start() + "-" + row.end() + " ends after the text's "
                        + codePoints + " characters");
            }
            int begin = index.toUtf16(row.start());
            int end = index.toUtf16(row.end());
            if (!row.text().isEmpty() && !text.substring(begin, end).equals(row.text())) {
                throw new IOException(name + ": gold span " + row.start() + "-" + row.end() + " covers '"
                        + text.substring(begin, end) + "', the annotation says '" + row.text() + "'");
            }
            entities.add(new BioLabeler.Entity(begin, end, row.label()));
        }
        return entities;
    }
}
