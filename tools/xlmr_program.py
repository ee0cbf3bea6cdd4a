"""The XLM-R token classifier as a TorchScript program without weights (see make_xlmr_program.py).

The Java runtime loads the scripted program once per model, configures it with the architecture and a
precision, hands it the weights tensor by tensor from the memory-mapped weight file, and runs
`forward`. Everything here must script with Debian's torch 1.13 (the generator's) and compile with the
libtorch DJL ships (2.x), where the functions marked `# 2.x:` get their bodies replaced by the fused
kernels 1.13 does not have.

forward(input_ids int64[B, T], attention_mask int64[B, T] or [B, T, T], position_ids int64[B, T])
    -> float32[B, T, labels]
A [B, T, T] mask says which keys each query sees (several sentences packed into one row).
"""

import math
from typing import Dict, List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor



def attend(query: Tensor, key: Tensor, value: Tensor, mask: Tensor, scale: float) -> Tensor:
    # 2.x: return torch.scaled_dot_product_attention(query, key, value, mask, 0.0, False, scale=scale)
    scores = torch.matmul(query, key.transpose(2, 3)) * scale + mask
    return torch.matmul(torch.softmax(scores, -1), value)


class XlmrProgram(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.precision = "fp32"
        self.hidden = 0
        self.heads = 0
        self.layer_count = 0
        self.eps = 1e-5
        self.labels = 0
        self.reduce_range = False
        # weights handed over but not yet built into a layer
        self.staged = torch.jit.Attribute({}, Dict[str, Tensor])
        # word table (kept as handed over: a view of the weight file), positions, token type row, norm
        self.embeddings = torch.jit.Attribute({}, Dict[str, Tensor])
        # per layer: the four linear layers' weights and biases (fp32, bf16 or packed), then two norms
        self.dense = torch.jit.Attribute([], List[List[Tensor]])
        # per layer: the int8 linear layers, by their index (0 query/key/value, 1 attention output, 2 intermediate,
        # 3 output); the others stay in self.dense
        self.quantized = torch.jit.Attribute([], List[Dict[int, torch.classes.quantized.LinearPackedParamsBase]])
        self.int8_linears = torch.jit.Attribute([], List[int])
        # per layer: 1 / the smoothing factors of the int8 products whose input is a layer norm's output
        self.smoothing = torch.jit.Attribute([], List[Dict[int, Tensor]])
        self.head_weights = torch.jit.Attribute([], List[Tensor])
        self.head_biases = torch.jit.Attribute([], List[Tensor])
        self.classifier = torch.jit.Attribute([], List[Tensor])
        # operands of the GEMM roofline measurement
        self.gemm_operands = torch.jit.Attribute([], List[Tensor])
        self.gemm_packed = torch.jit.Attribute([], List[torch.classes.quantized.LinearPackedParamsBase])

    @torch.jit.export
    def configure(self, hidden: int, heads: int, layers: int, eps: float, precision: str, reduce_range: bool,
                  int8_linears: List[int]) -> int:
        if precision not in ["fp32", "bf16", "int8"]:
            raise ValueError("precision must be fp32, bf16 or int8, not " + precision)
        if hidden % heads != 0:
            raise ValueError("hidden size is not a multiple of the attention heads")
        self.hidden = hidden
        self.heads = heads
        self.layer_count = layers
        self.eps = eps
        self.precision = precision
        self.reduce_range = reduce_range
        self.int8_linears = int8_linears if precision == "int8" else torch.jit.annotate(List[int], [])
        return 1

    def working_type(self) -> int:
        return torch.bfloat16 if self.precision == "bf16" else torch.float32

    @torch.jit.export
    def put(self, name: str, value: Tensor) -> int:
        """Takes a copy of one weight, as float32 (a layer's weights are converted when it is built)."""
        self.staged[name] = value.to(torch.float32, copy=True)
        return 1

    @torch.jit.export
    def put_word_embeddings(self, table: Tensor) -> int:
        """Keeps the word table as handed over, without a copy: only the rows looked up are read."""
        self.embeddings["word"] = table
        return 1

    def take(self, name: str) -> Tensor:
        if name not in self.staged:
            raise ValueError("weight " + name + " was not handed over")
        return self.staged.pop(name)

    @torch.jit.export
    def build_embeddings(self) -> int:
        if "word" not in self.embeddings:
            raise ValueError("the word embeddings were not handed over")
        for name in ["position", "norm_weight", "norm_bias"]:
            self.embeddings[name] = self.take("embeddings." + name)
        # every token of a sequence has type 0
        self.embeddings["token_type"] = self.take("embeddings.token_type")[0]
        return 1

    @torch.jit.export
    def build_layer(self, index: int) -> int:
        """Converts one layer's staged weights to the working precision (fusing query, key and value)."""
        prefix = "layer." + str(index) + "."
        qkv_weight = torch.cat([self.take(prefix + "query.weight"), self.take(prefix + "key.weight"),
                                self.take(prefix + "value.weight")], 0)
        qkv_bias = torch.cat([self.take(prefix + "query.bias"), self.take(prefix + "key.bias"),
                              self.take(prefix + "value.bias")], 0)
        weights = [qkv_weight, self.take(prefix + "attention_output.weight"),
                   self.take(prefix + "intermediate.weight"), self.take(prefix + "output.weight")]
        biases = [qkv_bias, self.take(prefix + "attention_output.bias"), self.take(prefix + "intermediate.bias"),
                  self.take(prefix + "output.bias")]
        norms = [self.take(prefix + "attention_norm.weight"), self.take(prefix + "attention_norm.bias"),
                 self.take(prefix + "output_norm.weight"), self.take(prefix + "output_norm.bias")]
        # the norm each product's input comes from: query/key/value the previous layer's output norm (or the
        # embeddings'), intermediate this layer's attention norm; the other two products' inputs are not normed
        inputs = {0: self.input_norm(index), 2: (norms[0], norms[1])}
        dense: List[Tensor] = []
        packed: Dict[int, torch.classes.quantized.LinearPackedParamsBase] = {}
        smoothing: Dict[int, Tensor] = {}
        for i in range(len(weights)):
            if i in self.int8_linears:
                weight = weights[i]
                if i in inputs:
                    factors = self.smoothing_factors(weight, inputs[i][0], inputs[i][1])
                    smoothing[i] = 1.0 / factors
                    weight = weight * factors[None, :]
                packed[i] = self.quantize(weight, biases[i])
                weights[i] = torch.empty(0)
            dense.append(weights[i].to(self.working_type()).contiguous())
            dense.append(biases[i].to(self.working_type()))
        dense.extend(norms)
        self.smoothing.append(smoothing)
        self.dense.append(dense)
        self.quantized.append(packed)
        return 1

    def input_norm(self, index: int) -> Tuple[Tensor, Tensor]:
        if index == 0:
            return self.embeddings["norm_weight"], self.embeddings["norm_bias"]
        previous = self.dense[index - 1]
        return previous[len(previous) - 2], previous[len(previous) - 1]

    def smoothing_factors(self, weight: Tensor, gamma: Tensor, beta: Tensor) -> Tensor:
        """SmoothQuant's per-input-channel factors (alpha 0.5), from the weight's column ranges and the input's
        ranges as its layer norm sets them (|gamma| + |beta|): no calibration data is needed."""
        activation = (gamma.abs() + beta.abs()).clamp_min(1e-5)
        columns = weight.abs().amax(0).clamp_min(1e-5)
        return (activation / columns).sqrt()

    def quantize(self, weight: Tensor, bias: Tensor) -> torch.classes.quantized.LinearPackedParamsBase:
        """Symmetric int8 with one scale per output channel, prepacked for dynamic quantized products."""
        scales = (weight.abs().amax(1).clamp_min(1e-12) / 127.0).to(torch.float64)
        zero_points = torch.zeros(weight.size(0), dtype=torch.long)
        q = torch.quantize_per_channel(weight, scales, zero_points, 0, torch.qint8)
        return torch.ops.quantized.linear_prepack(q, bias)

    @torch.jit.export
    def put_head(self, weight: Tensor, bias: Tensor) -> int:
        """Appends one classification head; the heads' logits come out side by side, in this order."""
        self.head_weights.append(weight.to(torch.float32, copy=True))
        self.head_biases.append(bias.to(torch.float32, copy=True))
        return 1

    @torch.jit.export
    def finish(self) -> int:
        if len(self.dense) != self.layer_count:
            raise ValueError("built " + str(len(self.dense)) + " of " + str(self.layer_count) + " layers")
        if len(self.staged) > 0:
            raise ValueError("weights handed over but not used: " + ", ".join(list(self.staged.keys())))
        if len(self.head_weights) == 0:
            raise ValueError("no classification head was handed over")
        self.classifier = [torch.cat(self.head_weights, 0), torch.cat(self.head_biases, 0)]
        self.head_weights.clear()
        self.head_biases.clear()
        self.labels = self.classifier[0].size(0)
        return self.labels

    def linear(self, x: Tensor, layer: int, index: int, activation: str) -> Tensor:
        packed = self.quantized[layer]
        if index in packed:
            smoothing = self.smoothing[layer]
            if index in smoothing:
                x = x * smoothing[index]
            y = torch.ops.quantized.linear_dynamic(x, packed[index], self.reduce_range)
            return F.gelu(y) if activation == "gelu" else y
        y = F.linear(x, self.dense[layer][2 * index], self.dense[layer][2 * index + 1])
        return F.gelu(y) if activation == "gelu" else y

    def norm(self, x: Tensor, layer: int, index: int) -> Tensor:
        norms = self.dense[layer]
        weight = norms[len(norms) - 4 + 2 * index]
        bias = norms[len(norms) - 3 + 2 * index]
        return F.layer_norm(x, [self.hidden], weight.to(x.dtype), bias.to(x.dtype), self.eps)

    def encoder_layer(self, x: Tensor, mask: Tensor, layer: int) -> Tensor:
        rows = x.size(0)
        width = x.size(1)
        head_size = self.hidden // self.heads
        qkv = self.linear(x, layer, 0, "none").view(rows, width, 3, self.heads, head_size).permute(2, 0, 3, 1, 4)
        context = attend(qkv[0], qkv[1], qkv[2], mask, 1.0 / math.sqrt(head_size))
        context = context.transpose(1, 2).reshape(rows, width, self.hidden)
        x = self.norm(self.linear(context, layer, 1, "none") + x, layer, 0)
        h = self.linear(x, layer, 2, "gelu")
        return self.norm(self.linear(h, layer, 3, "none") + x, layer, 1)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, position_ids: Tensor) -> Tensor:
        emb = self.embeddings
        x = (F.embedding(input_ids, emb["word"]).to(torch.float32) + F.embedding(position_ids, emb["position"])
             + emb["token_type"])
        x = F.layer_norm(x, [self.hidden], emb["norm_weight"], emb["norm_bias"], self.eps)
        dtype = self.working_type()
        x = x.to(dtype)
        keys = attention_mask.to(torch.bool)
        keys = keys[:, None, :, :] if keys.dim() == 3 else keys[:, None, None, :]
        # 0 where a query may see a key, a large negative number where it may not
        mask = torch.zeros(keys.shape, dtype=dtype, device=keys.device).masked_fill(keys.logical_not(), -1.0e30)
        for layer in range(self.layer_count):
            x = self.encoder_layer(x, mask, layer)
        return F.linear(x.to(torch.float32), self.classifier[0], self.classifier[1])

    @torch.jit.export
    def prepare_gemm(self, m: int, n: int, k: int, precision: str) -> int:
        """Random operands of one [m, k] x [k, n] product in a precision, for the roofline."""
        x = torch.randn(m, k)
        w = torch.randn(n, k) * 0.05
        self.gemm_packed.clear()
        if precision == "int8":
            self.gemm_packed = [self.quantize(w, torch.zeros(n))]
            self.gemm_operands = [x]
        elif precision == "bf16":
            self.gemm_operands = [x.to(torch.bfloat16), w.to(torch.bfloat16), torch.zeros(n, dtype=torch.bfloat16)]
        else:
            self.gemm_operands = [x, w, torch.zeros(n)]
        return 1

    @torch.jit.export
    def run_gemm(self, repeats: int) -> float:
        """Runs the prepared product a number of times (the caller times the call); every product is used."""
        x = self.gemm_operands[0]
        total = torch.zeros(1)
        for _ in range(repeats):
            if len(self.gemm_packed) > 0:
                y = torch.ops.quantized.linear_dynamic(x, self.gemm_packed[0], self.reduce_range)
            else:
                y = F.linear(x, self.gemm_operands[1], self.gemm_operands[2])
            total = total + y[0, 0].to(torch.float32)
        return float(total.item())
