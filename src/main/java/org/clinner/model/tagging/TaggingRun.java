package org.clinner.model.tagging;

import java.util.List;

/**
 * What one tagging call needs: the tokenizer, the batched classifier, the heads with their labels
 * and the window geometry in content tokens.
 *
 * @param tokenizer the snapshot's tokenizer
 * @param predictor the classifier with its batch budget
 * @param heads the heads, in the classifier's order
 * @param windowSize content tokens per window (max length minus special tokens)
 * @param stride content tokens shared by consecutive windows
 */
record TaggingRun(SubwordTokenizer tokenizer, BatchedPredictor predictor, List<TaggingHead> heads, int windowSize,
        int stride) {}
