/**
 * The transformer runtime's public surface, with no UIMA in it: {@link org.clinner.model.NerModel}
 * loads a Hugging Face snapshot (or a TorchScript export of it) and tags documents in raw or words
 * mode; {@link org.clinner.model.ModelKey} names a loaded model. The sub-packages do the work and
 * never import this package: {@code hub} finds snapshots, {@code snapshot} reads and writes their
 * files, {@code nn} runs the network, {@code tagging} turns documents into inputs and logits into
 * mentions.
 */
package org.clinner.model;
