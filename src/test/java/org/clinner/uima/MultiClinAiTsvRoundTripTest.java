package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.clinner.testing.EntityAssert.assertEntities;
import static org.clinner.testing.EntityAssert.entity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.type.Disease;
import org.clinner.type.GoldMention;
import org.clinner.type.Procedure;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The TSV writer's offsets and quoting, read back by the gold reader into UTF-16 spans. */
class MultiClinAiTsvRoundTripTest {

    @TempDir
    Path temp;

    // offsets checked with Python: TAC at 2, " y" at 13, '"eco' at 16, " 𝒜" at 28, biopsia at 31, length 38
    private static final String TEXT = "\uD83D\uDE00 TAC\tcraneal y \"eco\"\ngrafía 𝒜 biopsia";

    private static JCas annotated(String id) throws Exception {
        JCas jcas = FixtureDocuments.cas(TEXT, id);
        addProcedure(jcas, TEXT.indexOf("TAC"), TEXT.indexOf(" y"));
        addProcedure(jcas, TEXT.indexOf("\"eco"), TEXT.indexOf(" 𝒜"));
        Disease disease = new Disease(jcas, TEXT.indexOf("biopsia"), TEXT.length());
        disease.setLabel("DISEASE");
        disease.addToIndexes();
        return jcas;
    }

    private static void addProcedure(JCas jcas, int begin, int end) {
        Procedure procedure = new Procedure(jcas, begin, end);
        procedure.setLabel("PROCEDURE");
        procedure.setConfidence(0.9);
        procedure.addToIndexes();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 200000})
    void writesCodePointOffsetsSortedAndQuotedAsPandas(int maxRowsInMemory) throws Exception {
        Path tsv = temp.resolve("pred.tsv");
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString(),
                MultiClinAiTsvWriter.PARAM_MAX_ROWS_IN_MEMORY, maxRowsInMemory);
        writer.process(annotated("b.txt"));
        writer.process(annotated("a.txt"));
        writer.collectionProcessComplete();
        writer.destroy();
        try (var files = Files.list(temp)) {
            assertEquals(List.of(tsv), files.toList(), "the sorted runs (" + maxRowsInMemory
                    + " rows in memory) are deleted");
        }
        String expectedRows = "2\t13\t\"TAC\tcraneal\"\n"
                + "16\t28\t\"\"\"eco\"\"\ngrafía\"\n"
                + "31\t38\tbiopsia\n";
        String expected = "filename\tlabel\tstart_span\tend_span\ttext\n"
                + prefix(expectedRows, "a") + prefix(expectedRows, "b");
        assertEquals(expected, Files.readString(tsv, StandardCharsets.UTF_8));
    }

    private static String prefix(String rows, String file) {
        StringBuilder out = new StringBuilder();
        String[] labels = {"PROCEDURE", "PROCEDURE", "DISEASE"};
        int row = 0;
        for (String line : rows.split("(?<=\n)(?=\\d)")) {
            out.append(file).append('\t').append(labels[row++]).append('\t').append(line);
        }
        return out.toString();
    }

    @Test
    void theGoldSpanAnnotatorRestoresTheSameUtf16Spans() throws Exception {
        Path tsv = temp.resolve("gold.tsv");
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString());
        writer.process(annotated("doc.txt"));
        writer.collectionProcessComplete();

        JCas fresh = FixtureDocuments.cas(TEXT, "doc.txt");
        AnalysisEngineFactory.createEngine(GoldSpanAnnotator.class,
                GoldSpanAnnotator.PARAM_SOURCE_LOCATION, tsv.toString()).process(fresh);
        // the spans annotated() adds, as UTF-16 offsets into TEXT (checked with Python)
        assertEntities(List.of(entity(3, 14, "GoldMention", "PROCEDURE", "TAC\tcraneal"),
                        entity(17, 29, "GoldMention", "PROCEDURE", "\"eco\"\ngrafía"),
                        entity(33, 40, "GoldMention", "DISEASE", "biopsia")),
                JCasUtil.select(fresh, GoldMention.class), GoldMention::getLabel);
    }

    @Test
    void anExistingTargetIsKeptUnlessOverwriteIsSet() throws Exception {
        Path tsv = Files.writeString(temp.resolve("kept.tsv"), "old");
        assertThrows(ResourceInitializationException.class, () -> AnalysisEngineFactory.createEngine(
                MultiClinAiTsvWriter.class, MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString()));
        assertEquals("old", Files.readString(tsv));
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString(), MultiClinAiTsvWriter.PARAM_OVERWRITE, true);
        writer.process(annotated("x.txt"));
        writer.collectionProcessComplete();
        assertTrue(Files.readString(tsv).startsWith("filename\t"));
    }

    @Test
    void aGoldSpanThatDoesNotMatchItsTextNamesTheDocument() throws Exception {
        Path tsv = Files.writeString(temp.resolve("bad.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\ndoc\tPROCEDURE\t2\t5\tTAX\n");
        JCas jcas = FixtureDocuments.cas(TEXT, "doc.txt");
        AnalysisEngine annotator = AnalysisEngineFactory.createEngine(
                createEngineDescription(GoldSpanAnnotator.class, GoldSpanAnnotator.PARAM_SOURCE_LOCATION,
                tsv.toString()));
        Exception error = assertThrows(Exception.class, () -> annotator.process(jcas));
        assertEquals(new DocumentFailure("doc.txt", "gold span 2-5 covers 'TAC', the gold row says 'TAX'"),
                DocumentFailure.of(error, null));
    }

    @Test
    void aMisspeltEntityTypeOrLabelFeatureStopsTheWriterAtInitialization() {
        Path tsv = temp.resolve("never.tsv");
        ResourceInitializationException type = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(MultiClinAiTsvWriter.class,
                        MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString(),
                        MultiClinAiTsvWriter.PARAM_ENTITY_TYPE, "org.clinner.type.Procedur"));
        assertTrue(DocumentFailure.reason(type).startsWith(
                "entityType names 'org.clinner.type.Procedur', which is not a type of the type system"),
                DocumentFailure.reason(type));
        ResourceInitializationException feature = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(MultiClinAiTsvWriter.class,
                        MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, tsv.toString(),
                        MultiClinAiTsvWriter.PARAM_LABEL_FEATURE, "confidence"));
        assertEquals(
                "labelFeature names 'confidence', which is not a string feature of org.clinner.type.ClinicalEntity",
                DocumentFailure.reason(feature));
        assertFalse(Files.exists(tsv));
    }
}
