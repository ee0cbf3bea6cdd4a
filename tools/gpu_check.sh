#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: checks that `--device cuda` finds the CPU's spans in fp32, how many of them bf16
# keeps, and how fast each runs. ClinNER never downloads (DJL runs offline), so point it at a CUDA 12.8 build of
# libtorch 2.7.1 first (the JNI for it, flavor cu128, is in the pytorch-jni jar already):
#   export PYTORCH_LIBRARY_PATH=/opt/libtorch/lib   # libtorch 2.7.1+cu128 from pytorch.org, or pip's torch/lib
#   export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128
# Usage: tools/gpu_check.sh [CORPUS_DIR [MODEL [OUTPUT_DIR]]]
#   CORPUS_DIR  .txt documents (default ../shared/data/medprocner/test/txt)
#   MODEL       any --model location (default builtin)
#   OUTPUT_DIR  TSVs, summaries and report.md (default target/gpu-check)
# Exit code 0 when cuda fp32 gives the CPU's spans exactly (strict F1 1.0) and bf16 keeps at least 99.5 % of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
corpus="${1:-../shared/data/medprocner/test/txt}"
model="${2:-builtin}"
out="${3:-target/gpu-check}"
command -v nvidia-smi >/dev/null || { echo "gpu_check: no nvidia-smi: this machine has no NVIDIA driver" >&2; exit 2; }
: "${PYTORCH_LIBRARY_PATH:?set PYTORCH_LIBRARY_PATH to a CUDA libtorch 2.7.1 lib folder (see the header of this script)}"
ls "$PYTORCH_LIBRARY_PATH"/libtorch_cuda.so >/dev/null || { echo "gpu_check: no libtorch_cuda.so in $PYTORCH_LIBRARY_PATH" >&2; exit 2; }
export PYTORCH_VERSION="${PYTORCH_VERSION:-2.7.1}" PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cu128}"
[[ -f target/clinner.jar ]] || mvn -q -B package -DskipTests
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"

run() {  # device precision
  bin/clinner annotate --input "$corpus" --output "$out/$1-$2.tsv" --model "$model" --device "$1" --precision "$2" \
    --summary "$out/$1-$2.json" --overwrite >&2
}
field() {  # json key
  sed -n "s/.*\"$2\" *: *\([0-9.Ee+-]*\).*/\1/p" "$1" | head -n 1
}
strict() {  # reference prediction figure
  bin/clinner evaluate --reference "$1" --pred "$2" | tr -d ' \n' | sed -n "s/.*\"strict\":{[^}]*\"$3\":\([0-9.]*\).*/\1/p"
}

run cpu fp32
run cuda fp32
run cuda bf16
{
  echo "| device | precision | documents/s | spans of cpu fp32 kept (strict recall) | strict F1 against cpu fp32 |"
  echo "|---|---|---|---|---|"
  for run in cpu-fp32 cuda-fp32 cuda-bf16; do
    docs=$(field "$out/$run.json" documents); seconds=$(field "$out/$run.json" seconds)
    echo "| ${run%%-*} | ${run#*-} | $(awk -v d="$docs" -v s="$seconds" 'BEGIN { printf "%.2f", d / s }') |" \
      "$(strict "$out/cpu-fp32.tsv" "$out/$run.tsv" recall) | $(strict "$out/cpu-fp32.tsv" "$out/$run.tsv" f1) |"
  done
} | tee "$out/report.md"
fp32=$(strict "$out/cpu-fp32.tsv" "$out/cuda-fp32.tsv" f1)
bf16=$(strict "$out/cpu-fp32.tsv" "$out/cuda-bf16.tsv" recall)
if ! awk -v a="$fp32" -v b="$bf16" 'BEGIN { exit !(a >= 1.0 && b >= 0.995) }'; then
  echo "gpu_check: FAILED (cuda fp32 strict F1 $fp32, bf16 keeps $bf16 of the spans)" >&2
  exit 1
fi
echo "gpu_check: passed (cuda fp32 strict F1 $fp32, bf16 keeps $bf16 of the spans)"
