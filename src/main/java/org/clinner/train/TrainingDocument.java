package org.clinner.train;

import org.clinner.model.tagging.Span;

import java.util.List;

/**
 * A document prepared for training or evaluation: its text, its sentences as word spans (from the
 * same segmenter as inference) and its gold entities (UTF-16 offsets).
 *
 * @param name MultiClinAI file name (relative path without {@code .txt})
 * @param text the text, decoded as Python decodes it
 * @param sentences the words of each sentence
 * @param gold the gold entities
 */
public record TrainingDocument(String name, String text, List<List<Span>> sentences, List<BioLabeler.Entity> gold) {}
