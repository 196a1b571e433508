#!/bin/sh
# The postgres store as several instances use it: queue claim throughput with 1, 2, 4 workers and budget
# reservation latency (docs/SCALE-OUT.md). Starts the throw-away test cluster (scripts/test-postgres.sh)
# unless CONSORT_TEST_PG_URL is set.
# Usage: bench/scripts/postgres-scale-out.sh
set -e
cd "$(dirname "$0")/../.."
if [ -z "$CONSORT_TEST_PG_URL" ]; then
  eval "$(scripts/test-postgres.sh start)"
fi
. .mvn/find-jdk.sh
jdk=$(consort_find_java 21 javac)
# One reactor run, so that the class path names this tree's spi classes, not an installed snapshot.
./mvnw -B -q -pl context-sql -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
  -Dmdep.includeScope=test
"$jdk/bin/java" -cp context-sql/target/test-classes:context-sql/target/classes:$(cat context-sql/target/bench.cp) \
  dev.consort.context.sql.postgres.PostgresScaleBench
