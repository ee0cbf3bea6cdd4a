/**
 * Where models come from: the built-in demo model in the jar, a snapshot directory, or a Hugging
 * Face id resolved through the hub cache as Python's {@code huggingface_hub} lays it out, and
 * downloaded into it unless offline. May import {@code model.snapshot} and {@code io}.
 */
package org.clinner.model.hub;
