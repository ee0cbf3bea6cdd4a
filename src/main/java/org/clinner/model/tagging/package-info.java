/**
 * From a document to mentions: the snapshot's tokenizer with its word and character alignment,
 * windows over long inputs, length-sorted and packed batches, votes of overlapping windows, BIO
 * decoding and the published script's trimming, in raw mode and in words mode. May import
 * {@code model.nn}, {@code model.snapshot} and {@code text}.
 */
package org.clinner.model.tagging;
