package org.clinner.model.tagging;

/**
 * What one tagging call needs: the tokenizer, the batched classifier, the labels and the window
 * geometry in content tokens.
 *
 * @param tokenizer the snapshot's tokenizer
 * @param predictor the classifier with its batch budget
 * @param scheme the BIO labels
 * @param windowSize content tokens per window (max length minus special tokens)
 * @param stride content tokens shared by consecutive windows
 */
record TaggingRun(SubwordTokenizer tokenizer, BatchedPredictor predictor, LabelScheme scheme, int windowSize,
        int stride) {}
