/**
 * The files of a Hugging Face snapshot: {@code config.json} (architecture and labels),
 * {@code model.safetensors} memory-mapped and written, their element types, and the
 * {@link org.clinner.model.snapshot.ModelLoadException} every part of the runtime reports a broken
 * model with. May import {@code io}.
 */
package org.clinner.model.snapshot;
