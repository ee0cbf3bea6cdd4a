/**
 * The files of a model: a Hugging Face snapshot's {@code config.json} (architecture and labels) and
 * {@code model.safetensors}, and a PyTorch {@code .pt} state dict (its zip archive, and its pickle read
 * by a restricted unpickler that runs nothing), both indexed and memory-mapped as a
 * {@link org.clinner.model.snapshot.WeightFile}; the element types; where a DT4H multi-task state
 * dict keeps its encoder and heads, and the heads' labels; the safetensors writer; and the
 * {@link org.clinner.model.snapshot.ModelLoadException} every part of the runtime reports a broken
 * model with. May import {@code io}.
 */
package org.clinner.model.snapshot;
