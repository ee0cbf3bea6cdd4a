package org.clinner.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a SentencePiece-Unigram-style subword vocabulary on raw texts and writes it as a Hugging
 * Face {@code tokenizer.json} shaped like xlm-roberta-base's (Metaspace pre-tokenizer and decoder,
 * {@code <s> $A </s>} template, Unigram model), without a normalizer. Ids 0 to 3 are
 * {@code <s>}, {@code <pad>}, {@code </s>}, {@code <unk>}, the last id is {@code <mask>}, and every
 * character of the corpus (and {@code ▁} alone) is a piece, so no training text maps to
 * {@code <unk>}. Scores are natural-log probabilities. Training is deterministic: the same texts,
 * in any order, give a byte-identical file. Not thread-safe.
 */
public final class UnigramTokenizerTrainer {

    private static final int SPECIAL_TOKENS = XlmRobertaTokenizerFiles.LEADING_SPECIALS.size() + 1;

    private final int vocabSize;
    private final Map<String, Long> chunkCounts = new HashMap<>();

    /**
     * Creates a trainer.
     *
     * @param vocabSize the total vocabulary size, the five special tokens included (e.g. 8000)
     * @throws IllegalArgumentException when it leaves no room for a learned piece
     */
    public UnigramTokenizerTrainer(int vocabSize) {
        if (vocabSize <= SPECIAL_TOKENS) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " must exceed the " + SPECIAL_TOKENS
                    + " special tokens");
        }
        this.vocabSize = vocabSize;
    }

    /**
     * Adds a document to the training corpus (only its chunk counts are kept).
     *
     * @param text the document
     * @return this trainer
     */
    public UnigramTokenizerTrainer addText(String text) {
        MetaspaceChunks.forEachChunk(text, chunk -> chunkCounts.merge(chunk, 1L, Long::sum));
        return this;
    }

    /**
     * Trains on the texts added so far and writes the tokenizer atomically.
     *
     * @param tokenizerJson the {@code tokenizer.json} to write
     * @throws IOException when the file cannot be written
     * @throws IllegalStateException when no text was added, or the corpus has more distinct
     *     characters than, or too few candidate pieces for, the vocabulary size
     */
    public void write(Path tokenizerJson) throws IOException {
        if (chunkCounts.isEmpty()) {
            throw new IllegalStateException("no text to train on");
        }
        List<UnigramPiece> pieces = UnigramEm.train(new TreeMap<>(chunkCounts), vocabSize - SPECIAL_TOKENS);
        XlmRobertaTokenizerFiles.writeTokenizer(tokenizerJson, pieces);
    }

    /**
     * Writes the XLM-R-like {@code tokenizer_config.json} (with {@code model_max_length} 512) and
     * {@code special_tokens_map.json} that go with a trained {@code tokenizer.json}.
     *
     * @param directory the snapshot directory
     * @param vocabSize the vocabulary size the tokenizer was trained with
     * @throws IOException when a file cannot be written
     */
    public static void writeConfigs(Path directory, int vocabSize) throws IOException {
        XlmRobertaTokenizerFiles.writeConfigs(directory, vocabSize);
    }
}
