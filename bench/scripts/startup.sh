#!/bin/sh
# Whole-process start-up of the built distribution: median wall time of N runs of a command.
# Usage: bench/scripts/startup.sh [RUNS] [-- consort args...]   (default: 21 runs of --version and of plugins)
set -e
cd "$(dirname "$0")/../.."
runs=${1:-21}
consort=distribution/target/consort/bin/consort
[ -x "$consort" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
measure() {
  python3 - "$runs" "$consort" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
print(f"{' '.join(['consort'] + cmd[1:])}: median {statistics.median(times):.0f} ms, "
      f"min {min(times):.0f} ms, max {max(times):.0f} ms over {runs} runs")
PY
}
measure --version
measure plugins
