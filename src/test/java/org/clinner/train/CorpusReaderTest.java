package org.clinner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.DocumentException;
import org.clinner.uima.PipelineSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Training documents from text files with TSV and brat gold, segmented like words mode. */
class CorpusReaderTest {

    private static final ClinnerPipeline SPANISH = new ClinnerPipeline(PipelineSettings.defaults("es"));

    @TempDir
    Path temp;

    @Test
    void readsTextsWithTsvAndBratGold() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt"));
        // CRLF is normalized as Python does, so the gold offsets (code points, after normalization) fit
        Files.writeString(texts.resolve("a.txt"), "Se hizo una biopsia.\r\nLuego 😀 una TAC craneal.",
                StandardCharsets.UTF_8);
        Path tsv = Files.writeString(temp.resolve("gold.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\na\tPROCEDURE\t12\t19\tbiopsia\n");
        Path ann = Files.createDirectories(temp.resolve("ann"));
        Files.writeString(ann.resolve("a.ann"), "T1\tPROCEDURE 33 44\tTAC craneal\n#1\tAnnotatorNotes T1\tnota\n");
        List<TrainingDocument> documents = CorpusReader.read(texts, tsv, ann, SPANISH);
        assertEquals(1, documents.size());
        TrainingDocument document = documents.get(0);
        assertEquals("a", document.name());
        assertTrue(document.text().contains("\n") && !document.text().contains("\r"));
        assertEquals(2, document.sentences().size());
        assertEquals(List.of("biopsia", "TAC craneal"), document.gold().stream()
                .map(e -> document.text().substring(e.begin(), e.end())).toList());
        List<String> labels = BioLabeler.label(document.sentences().get(1), document.gold());
        assertEquals(List.of("O", "O", "O", "B-PROCEDURE", "I-PROCEDURE", "O"), labels);
    }

    @Test
    void aGoldSpanThatDoesNotMatchTheTextNamesTheDocument() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt"));
        Files.writeString(texts.resolve("b.txt"), "Se hizo una biopsia.");
        Path tsv = Files.writeString(temp.resolve("gold.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\nb\tPROCEDURE\t11\t18\tbiopsia\n");
        DocumentException error = assertThrows(DocumentException.class,
                () -> CorpusReader.read(texts, tsv, null, SPANISH));
        assertEquals("b: gold span 11-18 covers ' biopsi', the gold row says 'biopsia'", error.getMessage());
    }

    @Test
    void aGoldRowWithoutTextIsPlacedUnchecked() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt"));
        Files.writeString(texts.resolve("b.txt"), "Se hizo una biopsia.");
        Path tsv = Files.writeString(temp.resolve("gold.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\nb\tPROCEDURE\t12\t19\t\n");
        assertEquals(List.of(new BioLabeler.Entity(12, 19, "PROCEDURE")),
                CorpusReader.read(texts, tsv, null, SPANISH).get(0).gold());
    }

    @Test
    void theFolderIsWalkedAsAnnotateWalksItAndAnUnreadableFileIsAnError() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt/sub"));
        Files.writeString(texts.resolve("c.txt"), "Una TAC.");
        Files.writeString(texts.resolve(".hidden.txt"), "no");
        Files.createSymbolicLink(texts.resolve("loop"), texts.getParent());
        Path tsv = Files.writeString(temp.resolve("gold.tsv"), "filename\tlabel\tstart_span\tend_span\ttext\n"
                + "sub/c\tPROCEDURE\t4\t7\tTAC\n");
        List<TrainingDocument> documents = CorpusReader.read(temp.resolve("txt"), tsv, null, SPANISH);
        assertEquals(List.of("sub/c"), documents.stream().map(TrainingDocument::name).toList(),
                "hidden files are left out, the link back to the folder is not followed");
        assertEquals(List.of(new BioLabeler.Entity(4, 7, "PROCEDURE")), documents.get(0).gold());

        Files.write(texts.resolve("d.txt"), new byte[] {'a', (byte) 0xff});
        DocumentException error = assertThrows(DocumentException.class,
                () -> CorpusReader.read(temp.resolve("txt"), tsv, null, SPANISH));
        assertEquals("sub/d.txt: not valid UTF-8: malformed byte 0xFF at byte offset 1", error.getMessage());
    }
}
