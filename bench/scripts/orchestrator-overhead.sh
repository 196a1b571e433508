#!/bin/sh
# The orchestrator's own overhead per call (route + persona + shaping + budgets + usage) with a
# zero-latency backend: median (p0.50) and allocation (gc.alloc.rate.norm). Cases: a 20-message
# conversation or one short prompt, backends counting ~4 characters a token or with o200k BPE (as the
# openai adapter does), with or without a dollar budget. Pick some with e.g. -p tokenizer=o200k.
# Usage: bench/scripts/orchestrator-overhead.sh [extra JMH options]
set -e
cd "$(dirname "$0")/../.."
. .mvn/find-jdk.sh
JAVA_HOME=$(consort_find_java 21) || { echo "needs Java 21+" >&2; exit 2; }
./mvnw -B -q -pl spi,core,bench -am install -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar OrchestratorOverheadBenchmark -bm sample -prof gc "$@"
