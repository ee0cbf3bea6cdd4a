/**
 * Where models come from: the built-in demo model in the jar, a snapshot directory or {@code .pt}
 * file, or a Hugging Face id (a snapshot repository, one holding a state dict, or a named file of
 * one) at a revision, resolved through the hub cache as Python's {@code huggingface_hub} lays it out
 * and downloaded into it unless offline; a state dict's base model contributes its config and
 * tokenizer only. May import {@code model.snapshot} and {@code io}.
 */
package org.clinner.model.hub;
