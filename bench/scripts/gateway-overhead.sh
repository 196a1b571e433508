#!/usr/bin/env bash
# What `consort serve` adds over calling an upstream directly, next to Portkey's gateway in the same run.
#
# Upstream: nginx answering every POST with a recorded OpenAI body (bench/scripts/stub/), plain JSON or
# SSE. Measured with wrk at 32 connections (p50, p99, requests/s) for plain and streamed calls:
# directly, through `bin/consort serve` (an `openai` backend pointing at the stub), and through
# Portkey's gateway 1.15.2 (bench/portkey/, `npm ci` there). Added time to first token on streams:
# median of sequential curl time_starttransfer (the gateway sends a stream's headers with its first
# chunk). Resident memory of the gateway's JVM after the load (VmRSS, VmHWM).
#
# Usage: bench/scripts/gateway-overhead.sh [SECONDS per wrk run, default 15]
# Needs: wrk, nginx, curl, node + npm. Environment: SKIP_BUILD=1 to reuse distribution/target/consort;
# CONSORT_OPTS passes JVM options to the gateway (as bin/consort reads it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${1:-15}
CONNS=32
STUB_PORT=18080
GW_PORT=18787
PK_PORT=18788
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx curl node npm; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk nginx-light curl nodejs npm)" >&2; exit 2; }
done
if [ -z "${SKIP_BUILD-}" ]; then
  ./mvnw -B -q package -DskipTests -pl distribution -am
fi
(cd bench/portkey && [ -d node_modules/@portkey-ai/gateway ] || npm ci --no-audit --no-fund >/dev/null)

# --- upstream stub --------------------------------------------------------------------------------
mkdir -p "$WORK/stub"
cp bench/scripts/stub/* "$WORK/stub/"
chmod 755 "$WORK"; chmod -R a+rX "$WORK/stub"   # nginx workers run as an unprivileged user
sed -i "s/127.0.0.1:18080/127.0.0.1:$STUB_PORT/" "$WORK/stub/nginx.conf"
nginx -p "$WORK/stub/" -c nginx.conf -g "pid $WORK/nginx.pid;"

# --- consort serve --------------------------------------------------------------------------------
mkdir -p "$WORK/project" "$WORK/home"
cat > "$WORK/project/consort.yaml" <<YAML
backends:
  stub:     { type: openai, model: gpt-4o-mini, base_url: "http://127.0.0.1:$STUB_PORT/plain/v1", api_key: sk-bench }
  stub-sse: { type: openai, model: gpt-4o-mini, base_url: "http://127.0.0.1:$STUB_PORT/sse/v1", api_key: sk-bench }
routing: { retry: { attempts: 1 } }
context: { store: memory }
YAML
(cd "$WORK/project" && HOME="$WORK/home" CONSORT_AOT=off exec "$ROOT/distribution/target/consort/bin/consort" serve --port $GW_PORT \
  >"$WORK/serve.out" 2>"$WORK/serve.err") &
GW_PID=$!
PIDS+=("$GW_PID")

# --- Portkey --------------------------------------------------------------------------------------
(cd bench/portkey && exec node node_modules/@portkey-ai/gateway/build/start-server.js --port=$PK_PORT --headless \
  >"$WORK/portkey.out" 2>&1) &
PIDS+=("$!")

for i in $(seq 120); do
  curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$PK_PORT/" && break
  sleep 0.5
done

# --- request scripts ------------------------------------------------------------------------------
body() { # model stream
  printf '{"model":"%s","stream":%s,"messages":[{"role":"user","content":"Count to five"}]}' "$1" "$2"
}
lua() { # file model stream [extra header lines]
  { echo 'wrk.method = "POST"'
    echo 'wrk.headers["Content-Type"] = "application/json"'
    echo 'wrk.headers["Authorization"] = "Bearer sk-bench"'
    [ -n "${4-}" ] && printf '%s\n' "$4"
    printf "wrk.body = '%s'\n" "$(body "$2" "$3")"
  } > "$WORK/$1.lua"
}
lua direct gpt-4o-mini false
lua direct-sse gpt-4o-mini true
lua consort stub false
lua consort-sse stub-sse true
PK='wrk.headers["x-portkey-provider"] = "openai"'
lua portkey gpt-4o-mini false "$PK
wrk.headers[\"x-portkey-custom-host\"] = \"http://127.0.0.1:$STUB_PORT/plain/v1\""
lua portkey-sse gpt-4o-mini true "$PK
wrk.headers[\"x-portkey-custom-host\"] = \"http://127.0.0.1:$STUB_PORT/sse/v1\""

url() { # name
  case $1 in
    direct) echo "http://127.0.0.1:$STUB_PORT/plain/v1/chat/completions" ;;
    direct-sse) echo "http://127.0.0.1:$STUB_PORT/sse/v1/chat/completions" ;;
    consort*) echo "http://127.0.0.1:$GW_PORT/v1/chat/completions" ;;
    portkey*) echo "http://127.0.0.1:$PK_PORT/v1/chat/completions" ;;
  esac
}

# Every target answers correctly before anything is measured.
for t in direct direct-sse consort consort-sse portkey portkey-sse; do
  out=$(wrk -t1 -c1 -d1s -s "$WORK/$t.lua" "$(url $t)" | grep -E 'Non-2xx|Socket errors' || true)
  [ -z "$out" ] || { echo "$t: $out" >&2; cat "$WORK/serve.err" "$WORK/portkey.out" >&2; exit 1; }
done

measure() { # name -> "p50_ms p99_ms rps"
  wrk -t2 -c$CONNS -d5s -s "$WORK/$1.lua" "$(url "$1")" >/dev/null   # warm-up
  wrk -t2 -c$CONNS -d${DURATION}s --latency -s "$WORK/$1.lua" "$(url "$1")" > "$WORK/$1.wrk"
  if grep -qE 'Non-2xx|Socket errors' "$WORK/$1.wrk"; then grep -E 'Non-2xx|Socket errors' "$WORK/$1.wrk" >&2; fi
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} $1=="Requests/sec:" {rps=$2}
    END {printf "%.2f %.2f %.0f\n", p50, p99, rps}' "$WORK/$1.wrk"
}
ttft() { # name -> median ms of time_starttransfer over 200 sequential streams
  local f="$WORK/$1.lua" u; u=$(url "$1")
  local hdr=(-H "Content-Type: application/json" -H "Authorization: Bearer sk-bench")
  case $1 in portkey*) hdr+=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: http://127.0.0.1:$STUB_PORT/sse/v1") ;; esac
  local model; model=$(sed -n "s/.*\"model\":\"\([^\"]*\)\".*/\1/p" "$f")
  for i in $(seq 200); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "${hdr[@]}" -d "$(body "$model" true)" "$u"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f\n", a[int(NR/2)+1]*1000}'
}

echo "== $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNS -d${DURATION}s after a 5 s warm-up"
declare -A R
for t in direct consort portkey direct-sse consort-sse portkey-sse; do
  R[$t]=$(measure $t)
  echo "$t: p50/p99 ms, req/s = ${R[$t]}"
done
RSS=$(awk '/VmRSS/ {r=$2} /VmHWM/ {h=$2} END {printf "%d MB (peak %d MB)", r/1024, h/1024}' /proc/$(pgrep -P "$GW_PID" java 2>/dev/null || echo "$GW_PID")/status)
for t in direct-sse consort-sse portkey-sse; do
  R[ttft-$t]=$(ttft $t)
done

row() { # label base target
  read -r bp50 bp99 brps <<<"${R[$2]}"
  read -r p50 p99 rps <<<"${R[$3]}"
  printf "| %s | %s ms | %s ms | %s | +%.2f ms | +%.2f ms |\n" "$1" "$p50" "$p99" "$rps" \
    "$(echo "$p50 - $bp50" | bc -l)" "$(echo "$p99 - $bp99" | bc -l)"
}
echo
echo "| path | p50 | p99 | req/s | added p50 | added p99 |"
echo "|---|---|---|---|---|---|"
row "plain, direct to the stub" direct direct
row "plain, through consort serve" direct consort
row "plain, through Portkey 1.15.2" direct portkey
row "stream, direct to the stub" direct-sse direct-sse
row "stream, through consort serve" direct-sse consort-sse
row "stream, through Portkey 1.15.2" direct-sse portkey-sse
echo
printf "time to first byte of a stream (median of 200): direct %s ms, consort serve %s ms (+%.2f), Portkey %s ms (+%.2f)\n" \
  "${R[ttft-direct-sse]}" "${R[ttft-consort-sse]}" "$(echo "${R[ttft-consort-sse]} - ${R[ttft-direct-sse]}" | bc -l)" \
  "${R[ttft-portkey-sse]}" "$(echo "${R[ttft-portkey-sse]} - ${R[ttft-direct-sse]}" | bc -l)"
read -r _ _ crps <<<"${R[consort]}"; read -r _ _ prps <<<"${R[portkey]}"
printf "throughput consort serve / Portkey (plain): %.1fx\n" "$(echo "$crps / $prps" | bc -l)"
echo "consort serve resident memory after the load: $RSS"
