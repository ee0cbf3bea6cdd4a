#!/usr/bin/env bash
# Soak test: the 250 MedProcNER test documents repeated (40 copies = 10,000 documents) through
# `bin/clinner annotate` in one process, with its memory log; writes target/soak/report.md with RSS
# and heap after GC at 1,000 documents and at the end, the drift between them, and documents/s.
#
# usage: tools/soak.sh [COPIES] [MODEL] [extra annotate options...]
#   COPIES  copies of the 250 documents (default 40 -> 10,000 documents)
#   MODEL   --model value (default: builtin, the 21 MB model trained by `bin/clinner train`)
# Run `mvn -B package -DskipTests` first. JVM options: CLINNER_JAVA_OPTS (default -Xmx1g).
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-40}
model=${2:-builtin}
shift $(( $# > 2 ? 2 : $# ))
corpus=${CLINNER_SOAK_CORPUS:-../shared/data/medprocner/test/txt}
out=target/soak
rm -rf "$out"
mkdir -p "$out/input"
for i in $(seq -w 1 "$copies"); do
    cp -r "$corpus" "$out/input/copy-$i"
done
documents=$(find "$out/input" -name '*.txt' | wc -l)
echo "soak: $documents documents, model $model" >&2
export CLINNER_JAVA_OPTS=${CLINNER_JAVA_OPTS:--Xmx1g}
start=$(date +%s)
bin/clinner annotate --input "$out/input" --output "$out/mentions.tsv" --model "$model" \
    --memory-log "$out/memory.csv" "$@" 2> "$out/annotate.log" || { tail -5 "$out/annotate.log" >&2; exit 1; }
end=$(date +%s)
tail -1 "$out/annotate.log" >&2
awk -F, -v docs="$documents" -v wall=$((end - start)) -v model="$model" -v opts="$CLINNER_JAVA_OPTS $*" '
NR == 1 { next }
$1 == 1000 { rss1 = $3; heap1 = $6; t1 = $2 }
{ last = $1; rss = $3; heap = $6; t = $2; if ($3 > peak) peak = $3 }
$1 == docs - 1000 { tlast = $2 }
END {
    mb = 1048576
    printf "# Soak report\n\n"
    printf "%d documents (the 250 MedProcNER test documents repeated), model `%s`, options `%s`, %d s wall clock.\n\n", docs, model, opts, wall
    printf "| | at 1,000 documents | at %d documents | drift |\n|---|---|---|---|\n", last
    printf "| RSS | %.1f MB | %.1f MB | %+.2f %% |\n", rss1 / mb, rss / mb, 100 * (rss - rss1) / rss1
    printf "| heap after GC | %.1f MB | %.1f MB | %+.1f MB |\n\n", heap1 / mb, heap / mb, (heap - heap1) / mb
    printf "Peak RSS %.1f MB. Documents/s: %.1f overall (annotation only), %.1f over the first 1,000, %.1f over the last 1,000.\n", peak / mb, last / t, 1000 / t1, 1000 / (t - tlast)
}' "$out/memory.csv" > "$out/report.md"
cat "$out/report.md"
