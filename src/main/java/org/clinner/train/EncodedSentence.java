package org.clinner.train;

import org.clinner.model.tagging.LabelScheme;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.SubwordTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training sentence as model input: token ids with special tokens, and the label id of every
 * word's first sub-token ({@code -1} elsewhere, so other sub-tokens and special tokens carry no loss).
 *
 * @param ids token ids
 * @param labels label id per token, or -1
 */
record EncodedSentence(long[] ids, int[] labels) {

    /**
     * Encodes the sentences of a document.
     *
     * @param document the document
     * @param tokenizer the model's tokenizer
     * @param scheme the model's labels
     * @param maxLength longest sequence, special tokens included (longer sentences are truncated)
     * @return one encoded sentence per non-empty sentence
     */
    static List<EncodedSentence> of(TrainingDocument document, SubwordTokenizer tokenizer, LabelScheme scheme,
            int maxLength) {
        List<EncodedSentence> encoded = new ArrayList<>();
        for (List<Span> sentence : document.sentences()) {
            List<String> words = new ArrayList<>(sentence.size());
            for (Span word : sentence) {
                words.add(document.text().substring(word.begin(), word.end()));
            }
            List<String> labels = BioLabeler.label(sentence, document.gold());
            SubwordTokenizer.WordTokens tokens = tokenizer.encodeWords(words);
            int content = Math.min(tokens.size(), maxLength - tokenizer.specialTokenCount());
            if (content == 0) {
                continue;
            }
            long[] ids = tokenizer.sequence(tokens.ids(), 0, content);
            int[] tokenLabels = new int[ids.length];
            Arrays.fill(tokenLabels, -1);
            long[] wordIds = tokens.wordIds();
            for (int t = 0; t < content; t++) {
                if (t == 0 || wordIds[t] != wordIds[t - 1]) {
                    tokenLabels[tokenizer.prefixLength() + t] = id(scheme, labels.get((int) wordIds[t]),
                            document.name());
                }
            }
            encoded.add(new EncodedSentence(ids, tokenLabels));
        }
        return encoded;
    }

    private static int id(LabelScheme scheme, String label, String document) {
        for (int id = 0; id < scheme.size(); id++) {
            if (scheme.name(id).equals(label)) {
                return id;
            }
        }
        throw new IllegalArgumentException(document + ": label " + label + " is not one of the model's labels");
    }
}
