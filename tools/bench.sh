#!/usr/bin/env bash
# clinner bench with ONNX Runtime beside it (variant O). ONNX Runtime is a test dependency, so that it never
# ships in target/clinner.jar; this runs the fat jar with the test classes (the peer) and ONNX Runtime added.
# ONNX Runtime 1.29 recurses deeply in native code when its environment starts (the deeper the longer the class
# path): with Java's default 1 MB thread stack it overflows and kills the JVM, hence -Xss16m. Arguments are bench's:
#   tools/bench.sh --variants O,A,C --limit 50
# JVM options: CLINNER_JAVA_OPTS (default -Xmx4g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f target/clinner.jar && -d target/test-classes ]] || mvn -q -B package -DskipTests >&2
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.includeArtifactIds=onnxruntime,protobuf-java \
  -Dmdep.outputFile=target/bench-peer-classpath.txt >&2
java_bin="java"
[[ -n "${JAVA_HOME:-}" ]] && java_bin="$JAVA_HOME/bin/java"
# shellcheck disable=SC2086
exec "$java_bin" ${CLINNER_JAVA_OPTS:--Xmx4g} -Xss16m -XX:+UseG1GC -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/clinner.jar:target/test-classes:$(cat target/bench-peer-classpath.txt)" org.clinner.cli.ClinnerCli \
  bench "$@"
