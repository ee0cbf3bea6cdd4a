package org.clinner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.TestSnapshots;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.SubwordTokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Trains on a synthetic Spanish clinical corpus and loads the result with the project's DJL
 * tokenizer: coverage of every character, exact spans and decoding, the XLM-R file layout, the
 * vocabulary size, frequent words as single pieces, and byte-identical output.
 */
class UnigramTokenizerTrainerTest {

    private static final int VOCAB_SIZE = 1000;
    private static final int UNK_ID = 3;
    private static final Path FIXTURE = TestSnapshots.PARITY.resolve("model-f32");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Non-BMP characters, a newline, a tab, a carriage return, NBSP, double and trailing spaces. */
    private static final String ODD_TEXT = "Dolor 😀 torácico\n\tintenso con\u00a0SpO2 del 95 %  y lesión 𝒜 distal"
            + "\r\nrevisar 🩺 ";

    @TempDir
    static Path temp;

    private static List<String> corpus;
    private static Path tokenizerFile;
    private static JsonNode tokenizerJson;
    private static List<String> pieces;
    private static SubwordTokenizer tokenizer;
    private static HuggingFaceTokenizer decoder;

    @BeforeAll
    static void train() throws IOException, ModelLoadException {
        corpus = corpus();
        tokenizerFile = temp.resolve("tokenizer.json");
        trainer(corpus).write(tokenizerFile);
        tokenizerJson = JSON.readTree(tokenizerFile.toFile());
        pieces = new ArrayList<>();
        tokenizerJson.path("model").path("vocab").forEach(entry -> pieces.add(entry.get(0).asText()));
        tokenizer = SubwordTokenizer.load(tokenizerFile);
        decoder = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile).optAddSpecialTokens(false)
                .optTruncation(false).optPadding(false).build();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        decoder.close();
    }

    private static UnigramTokenizerTrainer trainer(List<String> texts) {
        UnigramTokenizerTrainer trainer = new UnigramTokenizerTrainer(VOCAB_SIZE);
        texts.forEach(trainer::addText);
        return trainer;
    }

    /** About 300 discharge-summary-like documents, plus {@link #ODD_TEXT}. */
    private static List<String> corpus() {
        String[] symptoms = {"dolor torácico", "fiebre", "disnea", "tos seca", "cefalea", "náuseas", "vómitos",
            "astenia", "mialgias", "edema en miembros inferiores", "dolor abdominal", "pérdida de peso",
            "sudoración nocturna",
            "palpitaciones", "expectoración purulenta", "hematuria"};
        String[] tests = {"ecocardiograma", "radiografía de tórax", "tomografía computarizada",
            "resonancia magnética", "analítica", "gasometría arterial", "electrocardiograma", "colonoscopia",
            "gastroscopia",
            "biopsia hepática"};
        String[] findings = {"derrame pleural", "cardiomegalia", "nódulo pulmonar", "neumonía basal derecha",
            "insuficiencia cardíaca", "anemia ferropénica", "hepatomegalia", "adenopatías mediastínicas",
            "trombosis venosa profunda", "fibrilación auricular", "ausencia de alteraciones significativas"};
        String[] drugs = {"paracetamol", "ibuprofeno", "amoxicilina", "furosemida", "enoxaparina", "omeprazol",
            "metformina", "atorvastatina", "salbutamol", "prednisona"};
        Random random = new Random(20250101);
        List<String> texts = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            StringBuilder text = new StringBuilder(String.format(
                    "Paciente de %d años que acude por %s de %d días de evolución.",
                    18 + random.nextInt(80), pick(random, symptoms), 1 + random.nextInt(30)));
            for (int s = 6 + random.nextInt(5); s > 0; s--) {
                text.append(random.nextInt(4) == 0 ? "\n" : " ");
                text.append(switch (random.nextInt(7)) {
                    case 0 -> String.format("El paciente refiere %s y %s.",
                            pick(random, symptoms), pick(random, symptoms));
                    case 1 -> String.format("Se realiza %s que muestra %s.",
                            pick(random, tests), pick(random, findings));
                    case 2 -> String.format("Se pauta %s %d mg cada %d horas.", pick(random, drugs),
                            50 * (1 + random.nextInt(20)), 4 * (1 + random.nextInt(6)));
                    case 3 -> String.format("A la exploración, el paciente presenta %s.", pick(random, findings));
                    case 4 -> String.format("Niega %s. Antecedentes: %s.",
                            pick(random, symptoms), pick(random, findings));
                    case 5 -> String.format("Fecha de ingreso: %02d/%02d/20%02d.",
                            1 + random.nextInt(28), 1 + random.nextInt(12), random.nextInt(25));
                    default -> String.format("Tras %d días, el paciente evoluciona favorablemente (%s).",
                            1 + random.nextInt(20), pick(random, tests));
                });
            }
            texts.add(text.toString());
        }
        texts.add(ODD_TEXT);
        return texts;
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    @Test
    void writesTheXlmRobertaLayoutWithTheRequestedVocabularySize() throws IOException {
        ArrayNode vocab = (ArrayNode) tokenizerJson.path("model").path("vocab");
        assertEquals(VOCAB_SIZE, vocab.size());
        assertEquals(List.of("<s>", "<pad>", "</s>", "<unk>"), pieces.subList(0, 4));
        assertEquals("<mask>", pieces.get(VOCAB_SIZE - 1));
        assertEquals(VOCAB_SIZE, new HashSet<>(pieces).size(), "pieces are distinct");
        for (int id : new int[] {0, 1, 2, 3, VOCAB_SIZE - 1}) {
            assertEquals(0.0, vocab.get(id).get(1).doubleValue(), pieces.get(id));
        }
        double previous = 0;
        for (int id = 4; id < VOCAB_SIZE - 1; id++) {
            double score = vocab.get(id).get(1).doubleValue();
            assertTrue(score < 0 && score <= previous, "score of " + pieces.get(id) + ": " + score);
            previous = score;
        }
        ObjectNode expected = (ObjectNode) JSON.readTree(FIXTURE.resolve("tokenizer.json").toFile());
        ((ObjectNode) expected.path("added_tokens").get(4)).put("id", VOCAB_SIZE - 1);
        ((ObjectNode) expected.path("model")).set("vocab", vocab);
        assertEquals(expected, tokenizerJson);
    }

    @Test
    void everyCharacterOfTheCorpusIsAPieceAndNoTextHasUnknownTokens() {
        Set<String> vocabulary = new HashSet<>(pieces);
        for (String text : corpus) {
            text.codePoints().filter(c -> c != ' ').forEach(c ->
                    assertTrue(vocabulary.contains(Character.toString(c)), "character U+" + Integer.toHexString(c)));
            long[] ids = tokenizer.encodeText(text).ids();
            assertFalse(Arrays.stream(ids).anyMatch(id -> id == UNK_ID), text);
        }
        assertTrue(vocabulary.contains("\u2581"));
    }

    @Test
    void tokenSpansAndDecodingGiveBackEveryText() {
        for (String text : corpus) {
            SubwordTokenizer.TextTokens tokens = tokenizer.encodeText(text);
            StringBuilder covered = new StringBuilder();
            for (int t = 0; t < tokens.size(); t++) {
                String piece = pieces.get((int) tokens.ids()[t]);
                if (t == 0) {
                    // the prepended ▁ covers no character of the text (alone, DJL gives it the first one's span)
                    assertTrue(piece.startsWith("\u2581"), piece);
                    assertEquals(0, tokens.begins()[0]);
                    piece = piece.substring(1);
                    if (piece.isEmpty()) {
                        continue;
                    }
                }
                assertEquals(covered.length(), tokens.begins()[t], "begin of token " + t + " in " + text);
                String span = text.substring(tokens.begins()[t], tokens.ends()[t]);
                assertEquals(piece.replace('\u2581', ' '), span, "token " + t + " in " + text);
                covered.append(span);
            }
            assertEquals(text, covered.toString());
            assertEquals(text, decoder.decode(tokens.ids(), false));
        }
    }

    @Test
    void aWordRepeatedHundredsOfTimesIsOnePiece() {
        long occurrences = corpus.stream().flatMap(text -> Arrays.stream(text.split(" "))).filter("paciente"::equals)
                .count();
        assertTrue(occurrences >= 500, "paciente occurs " + occurrences + " times");
        SubwordTokenizer.TextTokens tokens = tokenizer.encodeText("paciente");
        assertEquals(1, tokens.size());
        assertEquals("\u2581paciente", pieces.get((int) tokens.ids()[0]));
        SubwordTokenizer.TextTokens sentence = tokenizer.encodeText("El paciente refiere fiebre.");
        assertTrue(Arrays.stream(sentence.ids()).anyMatch(id -> pieces.get((int) id).equals("\u2581paciente")));
    }

    @Test
    void nonBmpCharactersNewlinesAndTabsAreCovered() {
        for (String character : List.of("😀", "𝒜", "🩺", "\n", "\t", "\r", "\u00a0")) {
            assertTrue(pieces.contains(character), character);
        }
        SubwordTokenizer.TextTokens tokens = tokenizer.encodeText(ODD_TEXT);
        assertFalse(Arrays.stream(tokens.ids()).anyMatch(id -> id == UNK_ID));
        assertEquals(ODD_TEXT, decoder.decode(tokens.ids(), false));
        int emoji = ODD_TEXT.indexOf("😀");
        int at = Arrays.stream(tokens.begins()).boxed().toList().indexOf(emoji);
        assertEquals("😀", ODD_TEXT.substring(tokens.begins()[at], tokens.ends()[at]));
    }

    @Test
    void trainingIsDeterministicAndIgnoresTheOrderOfTexts() throws IOException {
        Path again = temp.resolve("again.json");
        List<String> reversed = new ArrayList<>(corpus);
        Collections.reverse(reversed);
        trainer(reversed).write(again);
        assertArrayEquals(Files.readAllBytes(tokenizerFile), Files.readAllBytes(again));
    }

    @Test
    void writesTheConfigsOfAnXlmRobertaSnapshot() throws IOException {
        Path directory = temp.resolve("configs");
        UnigramTokenizerTrainer.writeConfigs(directory, VOCAB_SIZE);
        ObjectNode expectedConfig = (ObjectNode) JSON.readTree(FIXTURE.resolve("tokenizer_config.json").toFile());
        ObjectNode decoders = (ObjectNode) expectedConfig.path("added_tokens_decoder");
        decoders.set(Integer.toString(VOCAB_SIZE - 1), decoders.remove("381"));
        assertEquals(expectedConfig, JSON.readTree(directory.resolve("tokenizer_config.json").toFile()));
        assertEquals(JSON.readTree(FIXTURE.resolve("special_tokens_map.json").toFile()),
                JSON.readTree(directory.resolve("special_tokens_map.json").toFile()));
    }

    @Test
    void rejectsSizesTheCorpusCannotFill() {
        Path file = temp.resolve("rejected.json");
        assertThrows(IllegalArgumentException.class, () -> new UnigramTokenizerTrainer(5));
        assertThrows(IllegalStateException.class, () -> new UnigramTokenizerTrainer(8000).write(file));
        assertThrows(IllegalStateException.class, () -> new UnigramTokenizerTrainer(8000).addText("Paciente estable.")
                .write(file));
        assertThrows(IllegalStateException.class, () -> new UnigramTokenizerTrainer(8).addText("Paciente estable.")
                .write(file));
        assertFalse(Files.exists(file));
    }
}
