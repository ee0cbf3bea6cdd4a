/**
 * The network: DJL's PyTorch engine started offline, the XLM-RoBERTa token classifier as NDArray
 * operations on its weights, TorchScript exports of it (bf16, int8), and the batch layout both take
 * (padding, packed rows). May import {@code model.snapshot}.
 */
package org.clinner.model.nn;
