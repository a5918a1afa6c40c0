# Shared by bench/run.sh and bench/profile.sh (sourced from the project root, after MODE is set).
CHAIN_ID=meshledger-bench
BITS=8 # the node's default difficulty: a block seals in well under a millisecond
JAR=$ROOT/target/node-fat.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
CP=$BENCH_JAR:$JAR
WORK=$ROOT/bench/work
OUT=$WORK/results
RUN=$WORK/run
JAVA_TOOL=(java -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -cp "$CP")

load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- processes: every one we start is recorded and stopped by PID ----
PIDS=()
stop_pid() { # PID: TERM, wait up to 20 s, then KILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build ----
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  mvn -B -q -DskipTests package
fi
if [[ ! -f $BENCH_JAR || -n $(find bench/src bench/pom.xml -newer "$BENCH_JAR" 2>/dev/null | head -1) || $JAR -nt $BENCH_JAR ]]; then
  log "building $BENCH_JAR"
  (cd bench && mvn -B -q package)
fi
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }) \
    || log "wrk could not be installed: API figures will be missing"
fi
# step OUTFILE CMD...: runs a measurement writing its JSON to OUTFILE; a failure is logged and
# recorded there as {"error": ...} so that one broken figure does not cost the others
step() {
  local out=$1; shift
  if ! "$@" >"$out" 2>"$out.err"; then
    log "FAILED: ${*:1:4} ... ($(grep -v '^\s*at ' "$out.err" | tail -1 | tr -d '"\\'))"
    printf '{"error": "%s"}\n' "$(grep -v '^\s*at ' "$out.err" | tail -1 | tr -d '"\\')" >"$out"
  fi
}
# thread_cpu PID: {"thread group": CPU seconds so far} of one process, threads named alike summed
# (block-verify-1 and -2 are block-verify; names are the kernel's, cut to 15 characters)
thread_cpu() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(sed -E 's/[-#]?[0-9]+$//' "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' '$2 > 0 {a[$1] += $2} END {printf "{"; s = ""; for (k in a) {printf "%s\"%s\": %.2f", s, k, a[k] / 100; s = ", "}; print "}"}'
}
# cpu_profile OUTFILE LABEL PID [BEFORE_JSON]: appends {label, seconds by thread group} (minus BEFORE) to
# OUTFILE, one JSON line: where a figure's CPU went, printed under the table (what bounds it)
cpu_profile() {
  local now before=${4:-'{}'}; now=$(thread_cpu "$3")
  jq -c -n --arg what "$2" --argjson now "$now" --argjson before "$before" \
    '{"label": $what, threads: ($now | with_entries(.value = ((.value - ($before[.key] // 0)) * 100 | round) / 100) | with_entries(select(.value >= 0.05)))}' >>"$1"
}
rss_kb() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---- a node as a real process ----
# start_node NAME DATADIR SEEDS(json array) -> sets NODE_PID, NODE_HTTP, NODE_P2P
# NODE_CHAIN (env) replaces the "chain" object, e.g. '{"spec": "FILE"}'; NODE_EXTRA adds top-level
# keys, e.g. '"miner": {"enabled": true},' (with its trailing comma)
start_node() {
  local name=$1 data=$2 seeds=$3 conf=$RUN/$1.json logf=$RUN/$1.log
  shift 3
  local chain_json="{ \"id\": \"$CHAIN_ID\", \"difficultyBits\": $BITS }"
  [[ -n ${NODE_CHAIN:-} ]] && chain_json=$NODE_CHAIN
  cat >"$conf" <<EOF
{ "node": { "name": "$name", "dataDir": "$data" },
  "chain": $chain_json, ${NODE_EXTRA:-}
  "p2p": { "host": "127.0.0.1", "port": 0, "seeds": $seeds, "maxInboundPerIp": 64 },
  "http": { "host": "127.0.0.1", "port": 0, "rateLimit": 0 } }
EOF
  # node processes get the JVM options and malloc arenas run.sh gives them (the in-JVM harnesses keep the defaults)
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" JDK_JAVA_OPTIONS="${NODE_JAVA_OPTIONS:--Xms32m -Xmx128m -XX:+UseSerialGC}" \
    java "$@" -jar "$JAR" -conf "$conf" >"$logf" 2>&1 &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  local line=""
  for _ in $(seq 1 600); do # up to 60 s
    line=$(grep -m1 'ready in' "$logf" || true)
    [[ -n $line ]] && break
    kill -0 "$NODE_PID" 2>/dev/null || { tail -5 "$logf" >&2; log "node $name exited"; return 1; }
    sleep 0.1
  done
  [[ -n $line ]] || { log "node $name not ready in 60 s"; return 1; }
  NODE_HTTP=$(sed -E 's#.*API http://[^:]+:([0-9]+)/.*#\1#' <<<"$line")
  NODE_P2P=$(sed -E 's#.*P2P [^:]+:([0-9]+).*#\1#' <<<"$line")
}
# post_blocks CLIENTS SECONDS URL: wrk POSTing new blocks (bench/post.lua), one JSON line of figures
post_blocks() {
  local threads=$(( $1 < 2 ? 1 : 2 ))
  CLIENTS=$1 wrk -t"$threads" -c"$1" -d"$2s" -s "$ROOT/bench/post.lua" "$3" | grep '^{'
}
height_of() { curl -fsS --max-time 5 "http://127.0.0.1:$1/api/status" 2>/dev/null | jq -r '.height // 0' 2>/dev/null || echo 0; }

