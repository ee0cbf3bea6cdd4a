#!/usr/bin/python3
"""Export a Hugging Face XLMRobertaForTokenClassification snapshot to TorchScript.

Usage:
    /usr/bin/python3 tools/export_torchscript.py SNAPSHOT_DIR --precision fp32|bf16|int8 \
        [--output FILE] [--expected EXPECTED_JSON [--expected-model NAME]]

Needs only Python 3 + torch (Debian: apt-get install -y python3-torch). No transformers,
no safetensors package: model.safetensors is parsed by hand.

The exported module has the interface the Java side relies on (Hugging Face's semantics):
    forward(input_ids: int64[B, T], attention_mask: int64[B, T] or int64[B, T, T],
            position_ids: int64[B, T] (optional)) -> float32[B, T, num_labels]
A [B, T, T] mask says which keys each query sees: the Java runtime packs several short
sentences into one row, each attending only to itself, with positions restarting per sentence.
Without position_ids, positions are counted over the [B, T] mask as XLM-R does.
"""

import argparse
import json
import math
import os
import struct
import sys
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

# --------------------------------------------------------------------------- safetensors

_ST_DTYPES = {
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "F64": (torch.float64, 8),
}


def read_safetensors(path):
    """Return {name: float32 tensor} from a .safetensors file (F32/F16/BF16/F64)."""
    if sys.byteorder != "little":
        raise RuntimeError("big-endian hosts are not supported")
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype_name = meta["dtype"]
        if dtype_name not in _ST_DTYPES:
            raise ValueError("tensor %s: unsupported dtype %s" % (name, dtype_name))
        dtype, itemsize = _ST_DTYPES[dtype_name]
        start, end = meta["data_offsets"]
        shape = list(meta["shape"])
        numel = 1
        for s in shape:
            numel *= s
        if end - start != numel * itemsize:
            raise ValueError("tensor %s: byte size %d does not match shape %s"
                             % (name, end - start, shape))
        buf = bytearray(data[base + start:base + end])
        if numel == 0:
            t = torch.zeros(shape, dtype=dtype)
        else:
            t = torch.frombuffer(buf, dtype=dtype).reshape(shape)
        out[name] = t.to(torch.float32).clone()
    return out


# --------------------------------------------------------------------------- model


class EncoderLayer(nn.Module):
    def __init__(self, hidden, inter, heads, eps):
        super().__init__()
        self.num_heads = heads
        self.head_dim = hidden // heads
        self.scale = 1.0 / math.sqrt(hidden // heads)
        self.eps = eps
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_ln_weight = nn.Parameter(torch.ones(hidden))
        self.attn_ln_bias = nn.Parameter(torch.zeros(hidden))
        self.inter = nn.Linear(hidden, inter)
        self.out = nn.Linear(inter, hidden)
        self.out_ln_weight = nn.Parameter(torch.ones(hidden))
        self.out_ln_bias = nn.Parameter(torch.zeros(hidden))

    def _ln(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        # LayerNorm always computed in float32, result cast back to the working dtype.
        y = F.layer_norm(x.float(), [x.size(-1)], w.float(), b.float(), self.eps)
        return y.to(x.dtype)

    def forward(self, x: torch.Tensor, add_mask: torch.Tensor) -> torch.Tensor:
        b = x.size(0)
        t = x.size(1)
        q = self.query(x).view(b, t, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.key(x).view(b, t, self.num_heads, self.head_dim).transpose(1, 2)
        v = self.value(x).view(b, t, self.num_heads, self.head_dim).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(2, 3)).float() * self.scale + add_mask
        probs = F.softmax(scores, dim=-1).to(v.dtype)
        ctx = torch.matmul(probs, v).transpose(1, 2).contiguous().view(b, t, -1)
        x = self._ln(self.attn_out(ctx) + x, self.attn_ln_weight, self.attn_ln_bias)
        h = F.gelu(self.inter(x))
        x = self._ln(self.out(h) + x, self.out_ln_weight, self.out_ln_bias)
        return x


class XLMRTokenClassifier(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hidden = int(cfg["hidden_size"])
        heads = int(cfg["num_attention_heads"])
        if hidden % heads != 0:
            raise ValueError("hidden_size not divisible by num_attention_heads")
        self.pad_id = int(cfg["pad_token_id"])
        self.eps = float(cfg["layer_norm_eps"])
        num_labels = len(cfg["id2label"])
        self.word_emb = nn.Parameter(torch.zeros(int(cfg["vocab_size"]), hidden))
        self.pos_emb = nn.Parameter(torch.zeros(int(cfg["max_position_embeddings"]), hidden))
        self.type_emb = nn.Parameter(torch.zeros(int(cfg.get("type_vocab_size", 1)), hidden))
        self.emb_ln_weight = nn.Parameter(torch.ones(hidden))
        self.emb_ln_bias = nn.Parameter(torch.zeros(hidden))
        self.layers = nn.ModuleList([
            EncoderLayer(hidden, int(cfg["intermediate_size"]), heads, self.eps)
            for _ in range(int(cfg["num_hidden_layers"]))])
        self.classifier = nn.Linear(hidden, num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                position_ids: Optional[torch.Tensor] = None) -> torch.Tensor:
        mask = attention_mask.to(torch.int64)
        if position_ids is None:
            positions = torch.cumsum(mask, dim=1) * mask + self.pad_id
        else:
            positions = position_ids
        x = (F.embedding(input_ids, self.word_emb)
             + F.embedding(positions, self.pos_emb)
             + self.type_emb[0])
        x = F.layer_norm(x.float(), [x.size(-1)], self.emb_ln_weight.float(),
                         self.emb_ln_bias.float(), self.eps)
        # working dtype = dtype of the (non-quantized) parameters: float32 or bfloat16
        x = x.to(self.emb_ln_weight.dtype)
        if mask.dim() == 3:
            add_mask = ((1.0 - mask.float()) * -1.0e9)[:, None, :, :]
        else:
            add_mask = ((1.0 - mask.float()) * -1.0e9)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, add_mask)
        return self.classifier(x).float()


def build_model(snapshot):
    with open(os.path.join(snapshot, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    W = read_safetensors(os.path.join(snapshot, "model.safetensors"))
    model = XLMRTokenClassifier(cfg)
    p = "roberta."
    sd = {
        "word_emb": W[p + "embeddings.word_embeddings.weight"],
        "pos_emb": W[p + "embeddings.position_embeddings.weight"],
        "type_emb": W[p + "embeddings.token_type_embeddings.weight"],
        "emb_ln_weight": W[p + "embeddings.LayerNorm.weight"],
        "emb_ln_bias": W[p + "embeddings.LayerNorm.bias"],
        "classifier.weight": W["classifier.weight"],
        "classifier.bias": W["classifier.bias"],
    }
    names = {
        "query": "attention.self.query", "key": "attention.self.key",
        "value": "attention.self.value", "attn_out": "attention.output.dense",
        "inter": "intermediate.dense", "out": "output.dense",
    }
    lns = {"attn_ln": "attention.output.LayerNorm", "out_ln": "output.LayerNorm"}
    for i in range(len(model.layers)):
        hf = "%sencoder.layer.%d." % (p, i)
        for ours, theirs in names.items():
            for wb in ("weight", "bias"):
                sd["layers.%d.%s.%s" % (i, ours, wb)] = W[hf + theirs + "." + wb]
        for ours, theirs in lns.items():
            for wb in ("weight", "bias"):
                sd["layers.%d.%s_%s" % (i, ours, wb)] = W[hf + theirs + "." + wb]
    model.load_state_dict(sd, strict=True)
    model.eval()
    return model, cfg


def convert(model, precision):
    """Return a scripted module for the requested precision (model itself stays fp32)."""
    import copy
    m = copy.deepcopy(model).eval()
    if precision == "fp32":
        pass
    elif precision == "bf16":
        m = m.to(torch.bfloat16)
    elif precision == "int8":
        m = torch.quantization.quantize_dynamic(m, {nn.Linear}, dtype=torch.qint8)
    else:
        raise ValueError(precision)
    return torch.jit.script(m)


# --------------------------------------------------------------------------- verification


def make_batch(cfg, lengths, seed=1234):
    g = torch.Generator().manual_seed(seed)
    vocab = int(cfg["vocab_size"])
    pad = int(cfg["pad_token_id"])
    T = max(lengths)
    ids = torch.full((len(lengths), T), pad, dtype=torch.int64)
    mask = torch.zeros((len(lengths), T), dtype=torch.int64)
    for r, n in enumerate(lengths):
        row = torch.randint(0, vocab, (n,), generator=g)
        row[row == pad] = (pad + 1) % vocab
        ids[r, :n] = row
        mask[r, :n] = 1
    return ids, mask


def compare(ref, got, mask):
    real = mask.bool()
    diff = (ref - got).abs()[real]
    max_diff = float(diff.max()) if diff.numel() else 0.0
    agree = (ref.argmax(-1) == got.argmax(-1))[real]
    return max_diff, int(agree.sum()), int(agree.numel())


def verify(model, cfg, path, precision):
    loaded = torch.jit.load(path)
    loaded.eval()
    max_len = min(40, int(cfg["max_position_embeddings"]) - int(cfg["pad_token_id"]) - 1)
    ok = True
    for lengths in ([max_len, max(1, max_len // 2), 3], [7]):
        ids, mask = make_batch(cfg, lengths)
        with torch.no_grad():
            ref = model(ids, mask)
            got = loaded(ids, mask)
        if got.dtype != torch.float32 or list(got.shape) != list(ref.shape):
            print("FAIL: output dtype/shape %s %s" % (got.dtype, list(got.shape)))
            ok = False
            continue
        d, a, n = compare(ref, got, mask)
        print("[%s] batch lengths %s: max |logit diff| vs fp32 eager = %.3g, "
              "argmax agreement %d/%d (%.2f%%)" % (precision, lengths, d, a, n, 100.0 * a / n))
        if precision == "fp32" and d > 1e-4:
            ok = False
    d = verify_packed(model, cfg, loaded, max_len)
    print("[%s] sequences packed in one row vs alone in fp32 eager: max |logit diff| = %.3g"
          % (precision, d))
    if precision == "fp32" and d > 1e-4:
        ok = False
    return loaded, ok


def verify_packed(model, cfg, loaded, max_len):
    """Packs the sequences of a padded batch into one row (block-diagonal [1, T, T] mask,
    positions restarting per sequence) and returns the largest logit difference from running
    each sequence alone through the eager fp32 model."""
    lengths = [max(1, max_len // 2), 5, 3]
    ids, mask = make_batch(cfg, lengths, seed=99)
    pad = int(cfg["pad_token_id"])
    total = sum(lengths)
    packed_ids = torch.full((1, total + 2), pad, dtype=torch.int64)
    block = torch.zeros((1, total + 2, total + 2), dtype=torch.int64)
    positions = torch.full((1, total + 2), pad, dtype=torch.int64)
    start = 0
    for r, n in enumerate(lengths):
        packed_ids[0, start:start + n] = ids[r, :n]
        block[0, start:start + n, start:start + n] = 1
        positions[0, start:start + n] = torch.arange(n) + pad + 1
        start += n
    block[0, start:, start:] = 1
    worst = 0.0
    with torch.no_grad():
        packed = loaded(packed_ids, block, positions)
        start = 0
        for r, n in enumerate(lengths):
            alone = model(ids[r:r + 1, :n], mask[r:r + 1, :n])
            worst = max(worst, float((packed[0, start:start + n] - alone[0]).abs().max()))
            start += n
    return worst


def check_expected(loaded, expected_path, model_name, precision):
    with open(expected_path, encoding="utf-8") as f:
        exp = json.load(f)
    entries = [e for e in exp["logits"] if e.get("model") == model_name]
    if not entries:
        print("expected.json: no logits entry for model %r" % model_name)
        return False
    e = entries[0]
    ids = torch.tensor(e["input_ids"], dtype=torch.int64)
    mask = torch.tensor(e["attention_mask"], dtype=torch.int64)
    ref = torch.tensor(e["logits"], dtype=torch.float32)
    with torch.no_grad():
        got = loaded(ids, mask)
    d, a, n = compare(ref, got, mask)
    print("[%s] expected.json %s (shape %s): max |logit diff| = %.3g, argmax agreement %d/%d"
          % (precision, model_name, list(ids.shape), d, a, n))
    if precision == "fp32":
        ok = d <= 1e-4
        print("[%s] expected.json check (tol 1e-4): %s" % (precision, "PASS" if ok else "FAIL"))
        return ok
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("snapshot", help="Hugging Face snapshot dir (config.json, model.safetensors)")
    ap.add_argument("--precision", choices=["fp32", "bf16", "int8"], required=True)
    ap.add_argument("--output", help="output .pt (default SNAPSHOT_DIR/model-<precision>.pt)")
    ap.add_argument("--expected", help="optional expected.json to compare logits against")
    ap.add_argument("--expected-model", help="entry name in expected.json "
                    "(default: snapshot directory name)")
    args = ap.parse_args()

    torch.manual_seed(0)
    out = args.output or os.path.join(args.snapshot, "model-%s.pt" % args.precision)
    model, cfg = build_model(args.snapshot)
    scripted = convert(model, args.precision)
    torch.jit.save(scripted, out)
    print("wrote %s (%s, torch %s, scripted)" % (out, args.precision, torch.__version__))

    loaded, ok = verify(model, cfg, out, args.precision)
    if args.expected:
        name = args.expected_model or os.path.basename(os.path.normpath(args.snapshot))
        ok = check_expected(loaded, args.expected, name, args.precision) and ok
    if not ok:
        print("VERIFICATION FAILED")
        return 1
    print("verification OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
