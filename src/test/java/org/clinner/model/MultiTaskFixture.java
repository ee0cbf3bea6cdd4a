package org.clinner.model;

import org.clinner.model.snapshot.ModelLoadException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-task fixture written by {@code tools/fixtures/make_mtl_fixture.py}: DT4H-style
 * {@code .pt} state dicts saved by {@code torch.save}, a tiny base model whose tokenizer has the
 * Precompiled nmt-nfkc normalizer, and expectations from an independent PyTorch and SentencePiece
 * reference. Models are loaded once per test JVM.
 */
public final class MultiTaskFixture {

    /** The fixture folder. */
    public static final Path DIR = Paths.get("src/test/resources/mtl");
    /** The base model (config.json and tokenizer). */
    public static final Path BASE = DIR.resolve("base");
    /** The label file of es-it-ro.pt's five-label head. */
    public static final Path CLINICAL_LABELS = DIR.resolve("es-it-ro.clinical_ner.id2label.json");

    private static final JsonNode ROOT = read();
    private static final Map<String, NerModel> MODELS = new HashMap<>();

    private MultiTaskFixture() {}

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns a section of the expectations.
     *
     * @param section {@code checkpoints}, {@code logits}, {@code tokenization}, {@code raw} or {@code words}
     * @return its node
     */
    public static JsonNode expected(String section) {
        return ROOT.path(section);
    }

    /**
     * Identifies a fixture checkpoint with all its heads (the five-label head with its label file).
     *
     * @param file e.g. {@code multilabel.pt}
     * @return the key
     */
    public static ModelKey key(String file) {
        Map<String, Path> labels = file.startsWith("es-it-ro") ? Map.of("clinical_ner", CLINICAL_LABELS) : Map.of();
        return ModelKey.checkpoint(DIR.resolve(file), BASE, List.of(), labels);
    }

    /**
     * Returns a fixture checkpoint with all its heads, loaded once.
     *
     * @param file e.g. {@code multilabel.pt}
     * @return the model, shared by the tests of this JVM
     */
    public static synchronized NerModel model(String file) {
        return MODELS.computeIfAbsent(file, f -> {
            try {
                return NerModel.load(key(f));
            } catch (ModelLoadException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
