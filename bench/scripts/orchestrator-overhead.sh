#!/bin/sh
# The orchestrator's own overhead per call (route + persona + shaping + budgets + usage) on a
# 20-message conversation with a zero-latency backend: median (p0.50) and allocation (gc.alloc.rate.norm).
# Usage: bench/scripts/orchestrator-overhead.sh [extra JMH options]
set -e
cd "$(dirname "$0")/../.."
. .mvn/find-jdk.sh
JAVA_HOME=$(consort_find_java 21) || { echo "needs Java 21+" >&2; exit 2; }
./mvnw -B -q -pl spi,core,bench -am install -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar OrchestratorOverheadBenchmark -bm sample -prof gc "$@"
