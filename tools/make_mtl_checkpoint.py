#!/usr/bin/env python3
"""Writes a DT4H-style multi-task state dict from a single-task snapshot, for `clinner bench --variants T,M`.

    /usr/bin/python3 tools/make_mtl_checkpoint.py SNAPSHOT_DIR OUTPUT.pt

The snapshot's encoder (`roberta.*`) becomes `encoder.*` (Hugging Face XLMRobertaModel names, as
the published multi-task models store it), a pooler is added (unused, as in the published
checkpoints), and three 3-label heads `classifiers.{disease,symptom,procedure}`: `procedure` is the
snapshot's own classifier, the other two are random (seeded). The result is saved with
`torch.save(state_dict)`; its base model (config.json and tokenizer) is the snapshot itself. Needs
only Debian's python3-torch (and numpy); reads model.safetensors with the parity fixture's reader.
"""

import collections
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
import make_parity_fixture as P  # noqa: E402  (its independent safetensors reader)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    snapshot, output = sys.argv[1], sys.argv[2]
    weights = P.read_safetensors(os.path.join(snapshot, "model.safetensors"))
    hidden = weights["roberta.embeddings.word_embeddings.weight"].shape[1]
    state = collections.OrderedDict()
    for name, tensor in weights.items():
        if name.startswith("roberta."):
            state["encoder." + name[len("roberta."):]] = tensor
    generator = torch.Generator().manual_seed(20261201)
    state["encoder.pooler.dense.weight"] = torch.randn(hidden, hidden, generator=generator) * 0.02
    state["encoder.pooler.dense.bias"] = torch.zeros(hidden)
    for task in ("disease", "symptom"):
        state["classifiers.%s.weight" % task] = torch.randn(3, hidden, generator=generator) * 0.02
        state["classifiers.%s.bias" % task] = torch.zeros(3)
    state["classifiers.procedure.weight"] = weights["classifier.weight"]
    state["classifiers.procedure.bias"] = weights["classifier.bias"]
    torch.save(state, output)
    print("%s: %d tensors, heads disease, symptom, procedure; base model: %s" % (output, len(state), snapshot))


if __name__ == "__main__":
    main()
