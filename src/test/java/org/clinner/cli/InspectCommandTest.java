package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;
import org.clinner.model.MultiTaskFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.util.List;

/** {@code clinner inspect} on the multi-task fixture: heads, labels, element types and files, as text and JSON. */
class InspectCommandTest {

    private static final String BASE = MultiTaskFixture.BASE.toString();

    @Test
    void listsTheHeadsWithTheirLabelsOrWhatTheyNeed() {
        CliRunner.Outcome outcome = CliRunner.run("inspect", "--model",
                MultiTaskFixture.DIR.resolve("es-it-ro.pt").toString(), "--base-model", BASE);
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        List<String> heads = outcome.out().lines().dropWhile(line -> !line.equals("heads:")).skip(1).toList();
        assertEquals(List.of(
                "  clinical_ner         5 labels  (head 'clinical_ner' has 5 labels: give them as an id2label JSON"
                        + " file for that task ({\"0\": \"B-X\", …, \"4\": …}))",
                "  disease_es_ner       3 labels  B-DISEASE I-DISEASE O",
                "  disease_it_ner       3 labels  B-DISEASE I-DISEASE O",
                "  disease_ro_ner       3 labels  B-DISEASE I-DISEASE O"), heads);
        assertTrue(outcome.out().startsWith("kind: state dict (every key prefixed model.)\n"), outcome.out());
        assertTrue(outcome.out().contains("by element type {F32=47, I64=1}"), outcome.out());
    }

    @Test
    void jsonGivesTheSameForTools() throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("inspect", "--model",
                MultiTaskFixture.DIR.resolve("multilabel-bf16.pt").toString(), "--base-model", BASE, "--tasks",
                "symptom", "--json");
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        JsonNode json = new ObjectMapper().readTree(outcome.out());
        assertEquals("state dict", json.path("kind").asText());
        assertEquals("{\"BF16\":45,\"I64\":1}", json.path("dtypes").toString());
        assertEquals("[{\"task\":\"symptom\",\"labels\":3,\"problem\":null,"
                + "\"label_names\":[\"B-SYMPTOM\",\"I-SYMPTOM\",\"O\"]}]", json.path("heads").toString());
        assertEquals(32, json.path("architecture").path("hidden_size").asInt());
        assertEquals(108_059, json.path("files").path(MultiTaskFixture.DIR.resolve("multilabel-bf16.pt")
                .toAbsolutePath().toString()).asLong());
    }

    @Test
    void aMissingModelIsAUsageError() {
        CliRunner.Outcome outcome = CliRunner.run("inspect", "--model", "/nonexistent/model.pt");
        assertEquals(ExitCode.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains("not a directory, nor a .pt file"), outcome.err());
    }
}
