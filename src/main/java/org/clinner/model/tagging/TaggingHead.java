package org.clinner.model.tagging;

/**
 * One classification head of a model, decoded on its own: a multi-task checkpoint has several
 * (e.g. {@code disease}, {@code symptom}, {@code procedure}), each with its labels; their logits lie
 * side by side in the classifier's output, in head order.
 *
 * @param task the head's name ({@code classifier} for a single-task snapshot)
 * @param scheme its BIO labels
 */
public record TaggingHead(String task, LabelScheme scheme) {

    /** The name of the head of a single-task snapshot (its tensors are {@code classifier.*}). */
    public static final String SINGLE = "classifier";
}
