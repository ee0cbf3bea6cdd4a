/**
 * From a document to mentions: the snapshot's tokenizer with its word and character alignment,
 * windows over long inputs, length-sorted and packed batches, votes of overlapping windows, BIO
 * decoding and the published script's trimming, for each head of the model, in raw mode and in
 * words mode; the options of a call, checked once
 * ({@link org.clinner.model.tagging.TaggingOptions}), and the exception every layer reports a
 * setting that cannot be used with. May import {@code model.nn}, {@code model.snapshot} and
 * {@code text}.
 */
package org.clinner.model.tagging;
