package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.cli.ClinnerCli;
import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.TrimmedWords;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.ctakes.core.ae.SentenceDetector;
import org.apache.ctakes.core.ae.SimpleSegmentAnnotator;
import org.apache.ctakes.core.ae.TokenizerAnnotatorPTB;
import org.apache.ctakes.core.pipeline.PiperFileRunner;
import org.apache.ctakes.typesystem.type.constants.CONST;
import org.apache.ctakes.typesystem.type.syntax.BaseToken;
import org.apache.ctakes.typesystem.type.syntax.NewlineToken;
import org.apache.ctakes.typesystem.type.textsem.IdentifiedAnnotation;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.CasIOUtils;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pipelines/ClinNER.piper} run by cTAKES' own {@code PiperFileRunner} on a folder: cTAKES'
 * XMI files hold ClinNER's mentions as cTAKES' type system describes them, cTAKES' semantic table
 * writer lists them, and ClinNER's TSV is the one {@code clinner annotate} writes: byte for byte in
 * raw mode, and in words mode each is the trimmed words of its own tokenizer (cTAKES' or DKPro's).
 */
class CtakesPiperTest {

    private static final Path PIPER = Paths.get("pipelines/ClinNER.piper").toAbsolutePath();
    private static final Map<String, String> TEXTS = Map.of(
            "a.txt", "Se realizó una colonoscopia y una biopsia renal.\n",
            "sub/b.txt", "Paciente con dolor torácico; se hizo una ecografía abdominal.\nTras la TAC, alta.\n",
            "sub/c.txt", "Dosis de 1,5 mg/kg cada 8h (i.v.).\n");

    @TempDir
    Path temp;

    private Path input() throws Exception {
        Path input = temp.resolve("in");
        for (Map.Entry<String, String> text : TEXTS.entrySet()) {
            Files.createDirectories(input.resolve(text.getKey()).getParent());
            Files.writeString(input.resolve(text.getKey()), text.getValue());
        }
        return input;
    }

    /** Runs the shipped piper after settings of the test's own (PiperFileRunner's settings apply to what follows). */
    private Path runPiper(Path input, String settings, String... more) throws Exception {
        Path output = temp.resolve("out");
        Path piper = Files.writeString(temp.resolve("test.piper"), settings + "\nload " + PIPER + "\n"
                + String.join("\n", more) + "\n");
        assertTrue(PiperFileRunner.run("-p", piper.toString(), "-i", input.toString(), "-o", output.toString()),
                "PiperFileRunner failed (see cTAKES.error.log)");
        return output;
    }

    private static void cli(Path input, Path output, String model, String mode) {
        assertEquals(ExitCode.OK, ClinnerCli.run("annotate", "--input", input.toString(), "--output",
                output.toString(), "--model", model, "--mode", mode));
    }

    @Test
    void rawModeWritesTheCliTsvAndXmiThatCtakesReadsBack() throws Exception {
        Path input = input();
        String model = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();
        Path output = runPiper(input, "set modelLocation=" + model + " mode=raw", "add SemanticTableFileWriter");
        Path cli = temp.resolve("cli.tsv");
        cli(input, cli, model, "raw");
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(output.resolve("mentions.tsv")),
                "the piper's TSV is the CLI's");

        Map<String, List<MultiClinAiRow>> rows = MultiClinAiTsv.readByDocument(cli);
        for (String name : TEXTS.keySet()) {
            String document = DocumentRows.filename(name);
            List<MultiClinAiRow> expected = rows.getOrDefault(document, List.of());
            assertTrue(!expected.isEmpty() || name.endsWith("c.txt"), name + ": mentions");
            assertEquals(expected, fromXmi(output.resolve(name + ".xmi"), document), name + ": the XMI's mentions");
            assertSemanticTableLists(output, document, expected);
        }
    }

    /** The mentions of a cTAKES XMI, loaded with cTAKES' type system only, as rows. */
    private static List<MultiClinAiRow> fromXmi(Path xmi, String document) throws Exception {
        JCas jcas = JCasFactory.createJCas(TypeSystemDescriptionFactory.createTypeSystemDescription(
                "org.apache.ctakes.typesystem.types.TypeSystem"));
        try (InputStream in = Files.newInputStream(xmi)) {
            CasIOUtils.load(in, jcas.getCas());
        }
        DocumentRows rows = new DocumentRows(document, jcas.getDocumentText());
        List<MultiClinAiRow> found = new ArrayList<>();
        for (IdentifiedAnnotation mention : JCasUtil.select(jcas, IdentifiedAnnotation.class)) {
            assertEquals(CONST.NE_TYPE_ID_PROCEDURE, mention.getTypeID(), mention.toString());
            assertEquals(CONST.NE_DISCOVERY_TECH_EXPLICIT_AE, mention.getDiscoveryTechnique());
            assertTrue(mention.getConfidence() > 0 && mention.getConfidence() <= 1);
            assertEquals("ProcedureMention", mention.getClass().getSimpleName());
            found.add(rows.row(mention.getBegin(), mention.getEnd(), "PROCEDURE"));
        }
        found.sort(MultiClinAiRow.ORDER);
        return found;
    }

    /**
     * cTAKES' SemanticTableFileWriter lists every mention, as {@code Event|Event|SIMPLE_SEGMENT|b,e|false|...|text}
     * (the text as it is, line breaks included).
     */
    private static void assertSemanticTableLists(Path output, String document, List<MultiClinAiRow> mentions)
            throws Exception {
        String prefix = document.contains("/") ? document.substring(0, document.lastIndexOf('/') + 1) : "";
        String table = Files.readString(output.resolve(prefix + document.substring(prefix.length()) + "_table.BSV"));
        for (MultiClinAiRow mention : mentions) {
            String line = "\nEvent|Event|SIMPLE_SEGMENT|" + mention.start() + "," + mention.end()
                    + "|false|false|false|||" + mention.text() + "\n";
            assertTrue(table.contains(line), line + " not in " + table);
        }
        assertEquals(mentions.size(), table.split("\nEvent\\|", -1).length - 1, "a line per mention: " + table);
    }

    @Test
    void wordsModeTagsCtakesTokensAndTheCliDkproTokens() throws Exception {
        Path input = input();
        String model = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("every-word-b"), 0).toString();
        Path output = runPiper(input, "set modelLocation=" + model + " mode=words");
        Path cli = temp.resolve("cli.tsv");
        cli(input, cli, model, "words");
        Map<String, List<MultiClinAiRow>> piperRows = MultiClinAiTsv.readByDocument(output.resolve("mentions.tsv"));
        Map<String, List<MultiClinAiRow>> cliRows = MultiClinAiTsv.readByDocument(cli);
        for (Map.Entry<String, String> text : TEXTS.entrySet()) {
            String document = DocumentRows.filename(text.getKey());
            assertEquals(trimmed(document, text.getValue(), ctakesWords(text.getValue())), piperRows.get(document),
                    document + ": the piper's rows are cTAKES' words");
            assertEquals(trimmed(document, text.getValue(), dkproWords(text.getValue())), cliRows.get(document),
                    document + ": the CLI's rows are DKPro's words");
        }
        assertEquals(cliRows.get("a"), piperRows.get("a"), "where the tokenizers agree, the rows are the same");
        // "1,5 mg/kg cada 8h (i.v.)": the tokenizers cut numbers, units and abbreviations differently
        assertNotEquals(cliRows.get("sub/c"), piperRows.get("sub/c"));
    }

    private static List<MultiClinAiRow> trimmed(String document, String text, List<int[]> words) {
        List<MultiClinAiRow> rows = new ArrayList<>();
        words.forEach(word -> TrimmedWords.add(rows, document, text, word[0], word[1]));
        return rows;
    }

    /** cTAKES' tokens of a text, newline tokens left out, from cTAKES' own annotators. */
    private static List<int[]> ctakesWords(String text) throws Exception {
        JCas jcas = JCasFactory.createText(text);
        SimplePipeline.runPipeline(jcas, SimpleSegmentAnnotator.createAnnotatorDescription(),
                SentenceDetector.createAnnotatorDescription(), TokenizerAnnotatorPTB.createAnnotatorDescription());
        return JCasUtil.select(jcas, BaseToken.class).stream().filter(t -> !(t instanceof NewlineToken))
                .map(t -> new int[] {t.getBegin(), t.getEnd()}).toList();
    }

    /** DKPro's tokens of a text, from the CLI's segmenter. */
    private static List<int[]> dkproWords(String text) throws Exception {
        JCas jcas = JCasFactory.createText(text, "es");
        SimplePipeline.runPipeline(jcas, createEngineDescription(BreakIteratorSegmenter.class,
                BreakIteratorSegmenter.PARAM_LANGUAGE, "es"));
        return JCasUtil.select(jcas, Token.class).stream().map(t -> new int[] {t.getBegin(), t.getEnd()}).toList();
    }
}
