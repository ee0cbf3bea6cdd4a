/**
 * The transformer runtime's public surface, with no UIMA in it: {@link org.clinner.model.NerModel}
 * loads a Hugging Face snapshot (or a TorchScript export of it), or a DT4H multi-task {@code .pt}
 * state dict on its base model (several heads on one encoder pass), and tags documents in raw or
 * words mode; {@link org.clinner.model.ModelKey} names a loaded model;
 * {@link org.clinner.model.ModelInventory} says what a model's files hold without loading them. The
 * sub-packages do the work and never import this package: {@code hub} finds models, {@code snapshot}
 * reads and writes their files, {@code nn} runs the network, {@code tagging} turns documents into
 * inputs and logits into mentions.
 */
package org.clinner.model;
