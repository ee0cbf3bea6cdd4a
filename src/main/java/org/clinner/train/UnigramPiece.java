package org.clinner.train;

/**
 * A learned vocabulary entry.
 *
 * @param piece the piece, {@code ▁} standing for a space
 * @param score its natural-log probability
 */
record UnigramPiece(String piece, float score) {}
