/**
 * The network: DJL's PyTorch engine started offline, the XLM-RoBERTa encoder with one or more linear
 * token classification heads as NDArray operations on its weights (named as a
 * {@link org.clinner.model.nn.WeightLayout} says), TorchScript exports of a single-head model (bf16,
 * int8), and the batch layout both take (padding, packed rows). May import {@code model.snapshot}.
 */
package org.clinner.model.nn;
