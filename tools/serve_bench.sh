#!/usr/bin/env bash
# The load benchmark of clinner serve (org.clinner.bench.ServeLoadBenchmark, in the test classes): clinner annotate
# over the documents, then the service in the same JVM under 1, 4 and 16 concurrent clients; report in
# target/serve-bench/report.md and report.json. Its options: --corpus DIR (default ../shared/data/medprocner/test/txt)
# --limit N --clients 1,4,16 --workers 4 --batch-wait-micros 2000 --output DIR; any other argument is a pipeline
# option of annotate and serve (--model, --mode, ...):
#   tools/serve_bench.sh --mode words
#   tools/serve_bench.sh --limit 50 --model target/base-model
# JVM options: CLINNER_JAVA_OPTS (default -Xmx4g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f target/clinner.jar && -d target/test-classes ]] || mvn -q -B package -DskipTests >&2
java_bin="java"
[[ -n "${JAVA_HOME:-}" ]] && java_bin="$JAVA_HOME/bin/java"
# shellcheck disable=SC2086
exec "$java_bin" ${CLINNER_JAVA_OPTS:--Xmx4g} -XX:+UseG1GC -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/clinner.jar:target/test-classes" org.clinner.bench.ServeLoadBenchmark "$@"
