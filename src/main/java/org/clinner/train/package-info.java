/**
 * Training: a corpus of texts and gold spans read and segmented as inference does, BIO labels of
 * words, a trainable XLM-R (from scratch or a snapshot), the AdamW trainer with dev scoring, and a
 * Unigram tokenizer trainer writing XLM-R-style tokenizer files. May import {@code model} and its
 * sub-packages, {@code uima} (for segmentation), {@code eval}, {@code format}, {@code io} and
 * {@code text}.
 */
package org.clinner.train;
