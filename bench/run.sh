#!/usr/bin/env bash
# Meshledger benchmarks: one table of figures, each beside its ceiling on this machine.
#   bench/run.sh           full run (JMH, block creation, propagation, sync of 100k and 1M blocks, API, memory)
#   bench/run.sh --quick   the same figures, smaller (under 2 minutes): sync of 20k blocks, fewer blocks, shorter runs;
#                          the ledger and bft sections only when BENCH_ONLY names them (BENCH_ONLY="ledger bft")
# Loopback only. Every process it starts is stopped by PID, on success, error or Ctrl-C.
# Writes bench/results.json (not in git) and prints the table. Work files go to bench/work/.
# Sizes can be overridden: BENCH_SYNC_SIZES="100000 1000000" BENCH_SYNC_PEERS="1 3" BENCH_PROP_BLOCKS=200 bench/run.sh
# BENCH_ONLY="ledger sync" runs only those sections (jmh ceilings create prop sync ledger = ledger-tx ledger-sync
# bft = bft-finality bft-load bft-sync); the table shows what ran.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=full
[[ ${1:-} == --quick ]] && MODE=quick
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n 2,8p "$0"; exit 0; }

if [[ $MODE == quick ]]; then
  JMH_ARGS=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  CREATE_SECONDS=2; WARMUP_SECONDS=4; PROP_BLOCKS=${BENCH_PROP_BLOCKS:-30}; SYNC_SIZES=${BENCH_SYNC_SIZES:-20000}; WRK_SECONDS=2; TLS_ROUNDS=2000
  TX_WARMUP=20; TX_SECONDS=10; TX_PER_ACCOUNT=64; LEDGER_SYNC_BLOCKS=${BENCH_LEDGER_SYNC_BLOCKS:-2000}
  BFT_POSTS=30; BFT_WARMUP=5; BFT_LOAD_SECONDS=10; BFT_TX_PER_ACCOUNT=16; BFT_SYNC_BLOCKS=${BENCH_BFT_SYNC_BLOCKS:-2000}
else
  JMH_ARGS=(-f 1 -wi 2 -i 3 -w 2s -r 2s)
  CREATE_SECONDS=10; WARMUP_SECONDS=20; PROP_BLOCKS=${BENCH_PROP_BLOCKS:-200}; SYNC_SIZES=${BENCH_SYNC_SIZES:-"100000 1000000"}; WRK_SECONDS=10; TLS_ROUNDS=10000
  TX_WARMUP=30; TX_SECONDS=30; TX_PER_ACCOUNT=128; LEDGER_SYNC_BLOCKS=${BENCH_LEDGER_SYNC_BLOCKS:-10000}
  BFT_POSTS=200; BFT_WARMUP=10; BFT_LOAD_SECONDS=30; BFT_TX_PER_ACCOUNT=64; BFT_SYNC_BLOCKS=${BENCH_BFT_SYNC_BLOCKS:-20000}
fi
# bft: validator processes of the local network, its block period (as the local network's spec), load clients;
# BFT_TX_PER_ACCOUNT transfers are pre-signed per account (16 x 1,024 outlast 10 s at the few hundred/s a 4-node
# network admits here: wrk reports exhaustedThreads if not)
BFT_NODES=4; BFT_PERIOD_MS=1000; BFT_CLIENTS=16; BFT_CHAIN_ID=bench-bft
# ledger: funded accounts of the transfer load (spread over the clients), transfers per block of the synced chain
TX_ACCOUNTS=1024; TX_CLIENTS=16; LEDGER_TXS=100; LEDGER_ACCOUNTS=1000
want() { # SECTION: in BENCH_ONLY (a name there also selects its sub-sections: "ledger" = ledger-tx and ledger-sync)
  if [[ -z ${BENCH_ONLY:-} ]]; then
    # --quick keeps to the first wave's figures (under 5 minutes, as the bench acceptance check allows);
    # the ledger and BFT sections take minutes of load each: BENCH_ONLY names them, the full run has them
    [[ $MODE == quick && ( $1 == ledger* || $1 == bft* ) ]] && return 1
    return 0
  fi
  local w
  for w in $BENCH_ONLY; do [[ $1 == "$w" || $1 == "$w"-* ]] && return 0; done
  return 1
}
source bench/lib.sh
rm -rf "$OUT" "$RUN"
mkdir -p "$OUT" "$RUN" "$WORK/chains"

echo "{\"mode\": \"$MODE\", \"startLoad\": \"$(load)\", \"nproc\": $(nproc), \"memTotal\": \"$(free -h | awk '/^Mem:/{print $2}')\", \"java\": \"$(java -version 2>&1 | head -1 | tr -d '"')\", \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\"}" >"$OUT/machine.json"
log "mode $MODE, load $(load), $(nproc) cores"

# ---- 1. microbenchmarks (JMH) ----
if want jmh; then
log "JMH microbenchmarks (${JMH_ARGS[*]})"
"${JAVA_TOOL[@]}" org.openjdk.jmh.Main "${JMH_ARGS[@]}" -rf json -rff "$OUT/jmh.json" MicroBench >"$RUN/jmh.log" 2>&1 \
  || { tail -5 "$RUN/jmh.log" >&2; log "FAILED: JMH (see $RUN/jmh.log)"; }
fi

# ---- 2. ceilings: synced RocksDB batches/s, loopback TLS round trip ----
if want ceilings; then
log "ceilings: synced RocksDB batches, loopback TLS round trip"
step "$OUT/fsync.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.ChainGen fsync "$RUN/fsync" 2
rm -rf "$RUN/fsync"
step "$OUT/tls.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Probes tls "$TLS_ROUNDS"
fi

# ---- 3. memory at 0 blocks, then block creation through POST /api/blocks ----
# wrk (bench/post.lua: a new block per request, one request at a time per connection) costs the
# shared cores ~20 us a request; a JVM client cost ~1 ms, as much as the node itself. The node is
# warmed up first (its JIT takes ~20 s of load here to settle), as a node that has run a while.
if want create; then
log "fresh node: RSS at 0 blocks, then POST /api/blocks (${WARMUP_SECONDS}s warm-up) with 1 and 16 clients, ${CREATE_SECONDS}s each"
start_node create "$RUN/create" '[]'
CREATE_PID=$NODE_PID
sleep 2 # settle after start-up before reading RSS (a fixed pause, not a wait for a condition)
echo "{\"rssKb\": $(rss_kb "$CREATE_PID" VmRSS), \"hwmKb\": $(rss_kb "$CREATE_PID" VmHWM)}" >"$OUT/mem0.json"
post_blocks 16 "$WARMUP_SECONDS" "http://127.0.0.1:$NODE_HTTP/api/blocks" >/dev/null 2>&1 || true
for c in 1 16; do
  before=$(thread_cpu "$CREATE_PID")
  step "$OUT/create$c.json" post_blocks "$c" "$CREATE_SECONDS" "http://127.0.0.1:$NODE_HTTP/api/blocks"
  cpu_profile "$OUT/cpu.jsonl" "POST /api/blocks, $c client(s), ${CREATE_SECONDS} s: the node" "$CREATE_PID" "$before"
done
stop_pid "$CREATE_PID"
fi

# ---- 4. propagation: 10-node line, 50-node random network of mean degree 8, in one JVM ----
if want prop; then
log "propagation: 10-node line, $PROP_BLOCKS blocks"
step "$OUT/prop-line10.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Propagation "$RUN/line" line 10 2 "$PROP_BLOCKS" memory 1
log "propagation: 50-node random network, degree ~8, $PROP_BLOCKS blocks"
step "$OUT/prop-random50.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Propagation "$RUN/random" random 50 8 "$PROP_BLOCKS" memory 7
# blocks of 50 transfers (spread to every mempool first): compact relay, and whole as before it (gossip.compactRelay=false)
for relay in compact whole; do
  log "propagation: 50-node random network, 50 transfers a block, $relay relay, $PROP_BLOCKS blocks"
  rm -rf "$RUN/random-tx"
  step "$OUT/prop-random50-tx50-$relay.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Propagation "$RUN/random-tx" random 50 8 \
    "$PROP_BLOCKS" memory 7 50 "$relay"
done
if [[ $MODE == full ]]; then
  log "propagation: 10-node line with RocksDB stores (each hop syncs to disk before it relays), $PROP_BLOCKS blocks"
  step "$OUT/prop-line10-rocks.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Propagation "$RUN/line-rocks" line 10 2 "$PROP_BLOCKS" rocks 1
fi
rm -rf "$RUN/line" "$RUN/random" "$RUN/line-rocks" "$RUN/random-tx"
fi

# ---- 5. sync: a fresh node (a real process) catching up from 1 and from 3 peers; API on the source ----
API_DONE=0
PEER_COUNTS=(${BENCH_SYNC_PEERS:-1 3})
LAST_PEERS=${PEER_COUNTS[-1]}
want sync || SYNC_SIZES=""
for n in $SYNC_SIZES; do
  chain=$WORK/chains/$CHAIN_ID-$BITS-$n
  if [[ ! -f $chain/complete ]]; then
    log "writing a $n-block chain (cached in $chain)"
    rm -rf "$chain"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.ChainGen chain "$chain" "$n" "$CHAIN_ID" "$BITS" >"$chain.json"
    touch "$chain/complete"
  fi
  cp "$chain.json" "$OUT/chaingen-$n.json"
  for peers in "${PEER_COUNTS[@]}"; do
    log "sync of $n blocks from $peers peer(s)"
    src_pids=(); seeds=()
    for p in $(seq 1 "$peers"); do
      rm -rf "$RUN/src$p"; cp -r "$chain" "$RUN/src$p"
      start_node "src$p" "$RUN/src$p" '[]'
      src_pids+=("$NODE_PID"); seeds+=("\"127.0.0.1:$NODE_P2P\"")
      [[ $p == 1 ]] && SRC1_HTTP=$NODE_HTTP && SRC1_PID=$NODE_PID
    done
    rm -rf "$RUN/fresh"
    t0=$(date +%s.%N)
    start_node fresh "$RUN/fresh" "[$(IFS=,; echo "${seeds[*]}")]"
    FRESH_PID=$NODE_PID
    t_ready=$(date +%s.%N)
    h=0
    deadline=$(( $(date +%s) + 900 + n / 500 )) # generous: even 500 blocks/s finishes
    while (( $(date +%s) < deadline )); do
      h=$(height_of "$NODE_HTTP")
      [[ $h -ge $n ]] && break
      kill -0 "$FRESH_PID" 2>/dev/null || break
      sleep 0.1
    done
    t_done=$(date +%s.%N)
    hwm=$(rss_kb "$FRESH_PID" VmHWM); rss=$(rss_kb "$FRESH_PID" VmRSS); src_rss=$(rss_kb "$SRC1_PID" VmRSS)
    node_rate=$(grep -m1 -oE 'sync finished: .*\(([0-9]+) blocks/s\)' "$RUN/fresh.log" | grep -oE '[0-9]+ blocks/s' | cut -d' ' -f1 || true)
    jq -n --argjson n "$n" --argjson peers "$peers" --argjson h "$h" --arg t0 "$t0" --arg tr "$t_ready" --arg td "$t_done" \
      --argjson hwm "${hwm:-0}" --argjson rss "${rss:-0}" --argjson srcRss "${src_rss:-0}" --arg nodeRate "${node_rate:-}" --arg load "$(load)" \
      '{blocks: $n, peers: $peers, reached: $h, seconds: (($td|tonumber) - ($tr|tonumber)),
        blocksPerSec: ($h / (($td|tonumber) - ($tr|tonumber))), nodeReportedBlocksPerSec: ($nodeRate|tonumber? // null),
        startSeconds: (($tr|tonumber) - ($t0|tonumber)), peakRssKb: $hwm, rssKb: $rss, sourceRssKb: $srcRss, load: $load}' \
      >"$OUT/sync-$n-$peers.json"
    log "  reached $h of $n: $(jq -r '.blocksPerSec|floor' "$OUT/sync-$n-$peers.json") blocks/s, peak RSS $((hwm / 1024)) MB"
    cpu_profile "$OUT/cpu.jsonl" "sync of $n blocks from $peers peer(s): the syncing node, from its start" "$FRESH_PID"
    cpu_profile "$OUT/cpu.jsonl" "sync of $n blocks from $peers peer(s): serving node 1, from its start" "$SRC1_PID"
    stop_pid "$FRESH_PID"
    # the same with sync.assumeValid at the tip (1 peer): every check but the signatures (issue #15's second target)
    if [[ $peers == 1 ]]; then
      tip=$(curl -fsS "http://127.0.0.1:$SRC1_HTTP/api/blocks/latest" | jq -r .hash)
      rm -rf "$RUN/fresh"
      t0=$(date +%s.%N)
      NODE_EXTRA="\"sync\": {\"assumeValid\": \"$tip\"}," start_node fresh "$RUN/fresh" "[$(IFS=,; echo "${seeds[*]}")]"
      FRESH_PID=$NODE_PID; t_ready=$(date +%s.%N); h=0
      deadline=$(( $(date +%s) + 900 + n / 500 ))
      while (( $(date +%s) < deadline )); do
        h=$(height_of "$NODE_HTTP"); [[ $h -ge $n ]] && break
        kill -0 "$FRESH_PID" 2>/dev/null || break
        sleep 0.1
      done
      t_done=$(date +%s.%N); hwm=$(rss_kb "$FRESH_PID" VmHWM)
      node_rate=$(grep -m1 -oE 'sync finished: .*\(([0-9]+) blocks/s\)' "$RUN/fresh.log" | grep -oE '[0-9]+ blocks/s' | cut -d' ' -f1 || true)
      jq -n --argjson n "$n" --argjson h "$h" --arg tr "$t_ready" --arg td "$t_done" --argjson hwm "${hwm:-0}" \
        --arg nodeRate "${node_rate:-}" --arg tip "$tip" --arg load "$(load)" \
        '{blocks: $n, peers: 1, assumeValid: $tip, reached: $h, seconds: (($td|tonumber) - ($tr|tonumber)),
          blocksPerSec: ($h / (($td|tonumber) - ($tr|tonumber))), nodeReportedBlocksPerSec: ($nodeRate|tonumber? // null),
          peakRssKb: $hwm, load: $load}' >"$OUT/syncav-$n-1.json"
      log "  assume-valid: reached $h of $n: $(jq -r '.blocksPerSec|floor' "$OUT/syncav-$n-1.json") blocks/s"
      cpu_profile "$OUT/cpu.jsonl" "sync of $n blocks from 1 peer, assume-valid: the syncing node, from its start" "$FRESH_PID"
      stop_pid "$FRESH_PID"
    fi
    # API figures on a source node holding the first chain size (idle now)
    if [[ $API_DONE == 0 && $peers == "$LAST_PEERS" ]] && command -v wrk >/dev/null; then
      API_DONE=1
      log "API: wrk -t2 -c50 -d${WRK_SECONDS}s on a node holding $n blocks, then on a bare Vert.x server with the same bodies"
      from=$(( n / 2 ))
      curl -fsS "http://127.0.0.1:$SRC1_HTTP/api/blocks/latest" >"$RUN/latest.body"
      curl -fsS "http://127.0.0.1:$SRC1_HTTP/api/blocks?from=$from&limit=100" >"$RUN/range.body"
      for what in latest range; do
        url="http://127.0.0.1:$SRC1_HTTP/api/blocks/latest"
        [[ $what == range ]] && url="http://127.0.0.1:$SRC1_HTTP/api/blocks?from=$from&limit=100"
        wrk -t2 -c50 -d"$(( WARMUP_SECONDS / 4 ))s" "$url" >/dev/null 2>&1 || true # warm-up
        before=$(thread_cpu "$SRC1_PID")
        wrk -t2 -c50 -d"${WRK_SECONDS}s" --latency "$url" >"$RUN/wrk-$what.txt" 2>&1 || true
        cpu_profile "$OUT/cpu.jsonl" "API $what, wrk -t2 -c50 ${WRK_SECONDS} s: the node" "$SRC1_PID" "$before"
        "${JAVA_TOOL[@]}" dev.meshledger.bench.Probes http 0 "$RUN/$what.body" >"$RUN/bare-$what.out" 2>&1 &
        bare=$!; PIDS+=("$bare")
        port=""
        for _ in $(seq 1 100); do port=$(jq -r '.listening // empty' "$RUN/bare-$what.out" 2>/dev/null || true); [[ -n $port ]] && break; sleep 0.1; done
        wrk -t2 -c50 -d"$(( WARMUP_SECONDS / 4 ))s" "http://127.0.0.1:$port/" >/dev/null 2>&1 || true # warm-up
        wrk -t2 -c50 -d"${WRK_SECONDS}s" --latency "http://127.0.0.1:$port/" >"$RUN/wrk-bare-$what.txt" 2>&1 || true
        stop_pid "$bare"
        for f in "$what" "bare-$what"; do
          rps=$(awk '/^Requests\/sec:/{print $2}' "$RUN/wrk-$f.txt"); p99=$(awk '$1=="99%"{print $2}' "$RUN/wrk-$f.txt")
          non2xx=$(awk '/Non-2xx/{print $NF}' "$RUN/wrk-$f.txt")
          jq -n --arg rps "${rps:-0}" --arg p99 "${p99:-}" --arg bytes "$(wc -c <"$RUN/$what.body")" --arg non2xx "${non2xx:-0}" \
            '{reqPerSec: ($rps|tonumber), p99: $p99, bodyBytes: ($bytes|tonumber), non2xx: ($non2xx|tonumber)}' >"$OUT/api-$f.json"
        done
      done
    fi
    for pid in "${src_pids[@]}"; do stop_pid "$pid"; done
    rm -rf "$RUN/fresh" "$RUN"/src*
  done
done

# ---- 6. ledger (issue #13): bytes of a transfer, transfers/s into blocks, sync of blocks holding transfers ----
# vmstat_summary FILE SECONDS: mean run queue and CPU split over the last SECONDS one-second lines
vmstat_summary() {
  tail -n "$2" "$1" | awk '$1 ~ /^[0-9]+$/ {r+=$1; us+=$13; sy+=$14; id+=$15; st+=$17; n++}
    END {if (n) printf "{\"samples\": %d, \"runQueue\": %.1f, \"us\": %.0f, \"sy\": %.0f, \"id\": %.0f, \"st\": %.0f}\n", n, r/n, us/n, sy/n, id/n, st/n; else print "{}"}'
}
if want ledger-tx; then
  log "ledger: bytes of one transfer on the wire (meshledger-dev)"
  step "$OUT/ledger-wire.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.TxLoad wire meshledger-dev 100

  # The node mines on its own (miner.enabled: a block whenever transfers wait and none is being
  # made), as a producing node runs; the clients only submit. Transfers are signed before the clock.
  log "ledger: transfers into blocks, $TX_CLIENTS clients over $TX_ACCOUNTS funded accounts, miner.enabled, ${TX_WARMUP}s warm-up + ${TX_SECONDS}s"
  spec=$RUN/ledger-spec.json
  # funds 2 x TX_ACCOUNTS: the wrk run warms up on the first half and is measured on the second
  "${JAVA_TOOL[@]}" dev.meshledger.bench.TxLoad spec "$spec" "$(( 2 * TX_ACCOUNTS ))" "$CHAIN_ID" "$BITS"
  rm -rf "$RUN/txnode"
  NODE_CHAIN="{\"spec\": \"$spec\"}" NODE_EXTRA='"miner": {"enabled": true},' start_node txnode "$RUN/txnode" '[]'
  TX_PID=$NODE_PID
  vmstat 1 >"$RUN/vmstat-tx.txt" 2>/dev/null &
  VMSTAT_PID=$!; PIDS+=("$VMSTAT_PID")
  step "$OUT/ledger-tx.json" "${JAVA_TOOL[@]}" -Xmx1g dev.meshledger.bench.TxLoad load "http://127.0.0.1:$NODE_HTTP" \
    "$TX_ACCOUNTS" "$TX_CLIENTS" "$TX_WARMUP" "$TX_SECONDS" "$TX_PER_ACCOUNT" "$CHAIN_ID" "$TX_PID"
  stop_pid "$VMSTAT_PID"
  vmstat_summary "$RUN/vmstat-tx.txt" "$TX_SECONDS" >"$OUT/ledger-tx-vmstat.json"
  log "  $(jq -r '"\(.includedPerSec // "?") transfers/s into blocks, \(.acceptedPerSec // "?") accepted/s; node \(.nodeCpuCores // "?") cores, harness \(.harnessCpuCores // "?") cores"' "$OUT/ledger-tx.json")"
  stop_pid "$TX_PID"
  rm -rf "$RUN/txnode"

  # The same load from wrk (bench/tx.lua, one thread and one connection per client): it costs the
  # shared cores far less per request than the JVM client. Bodies are signed into files first.
  if command -v wrk >/dev/null; then
    log "ledger: the same with wrk (-t$TX_CLIENTS -c$TX_CLIENTS, bench/tx.lua): signing $(( 2 * TX_ACCOUNTS * TX_PER_ACCOUNT )) transfers first"
    "${JAVA_TOOL[@]}" -Xmx1g dev.meshledger.bench.TxLoad bodies "$RUN/tx-warm.txt" "$TX_ACCOUNTS" "$TX_PER_ACCOUNT" "$CHAIN_ID" 0 "$TX_CLIENTS" >"$RUN/tx-warm.sign.json"
    "${JAVA_TOOL[@]}" -Xmx1g dev.meshledger.bench.TxLoad bodies "$RUN/tx-main.txt" "$TX_ACCOUNTS" "$TX_PER_ACCOUNT" "$CHAIN_ID" "$TX_ACCOUNTS" "$TX_CLIENTS" >"$RUN/tx-main.sign.json"
    rm -rf "$RUN/txnode"
    NODE_CHAIN="{\"spec\": \"$spec\"}" NODE_EXTRA='"miner": {"enabled": true},' start_node txnode "$RUN/txnode" '[]'
    TX_PID=$NODE_PID
    url="http://127.0.0.1:$NODE_HTTP/api/transactions"
    TX_BODIES=$RUN/tx-warm.txt \
      wrk -t"$TX_CLIENTS" -c"$TX_CLIENTS" -d"${TX_WARMUP}s" -s "$ROOT/bench/tx.lua" "$url" >"$RUN/wrk-tx-warm.txt" 2>&1 || true
    vmstat 1 >"$RUN/vmstat-txwrk.txt" 2>/dev/null &
    VMSTAT_PID=$!; PIDS+=("$VMSTAT_PID")
    h0=$(height_of "$NODE_HTTP"); n0=$(awk '{print $14 + $15}' "/proc/$TX_PID/stat"); w0=$(date +%s.%N)
    TIMEFORMAT='%U %S'
    { time TX_BODIES=$RUN/tx-main.txt \
      wrk -t"$TX_CLIENTS" -c"$TX_CLIENTS" -d"${TX_SECONDS}s" --latency -s "$ROOT/bench/tx.lua" "$url" >"$RUN/wrk-tx.txt" 2>&1 ; } 2>"$RUN/wrk-tx.time" || true
    h1=$(height_of "$NODE_HTTP"); n1=$(awk '{print $14 + $15}' "/proc/$TX_PID/stat"); w1=$(date +%s.%N)
    stop_pid "$VMSTAT_PID"
    vmstat_summary "$RUN/vmstat-txwrk.txt" "$TX_SECONDS" >"$OUT/ledger-txwrk-vmstat.json"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.TxLoad count "http://127.0.0.1:$NODE_HTTP" "$h0" "$h1" >"$RUN/txwrk-count.json" 2>"$RUN/txwrk-count.err" \
      || echo '{}' >"$RUN/txwrk-count.json"
    if grep -q '^{' "$RUN/wrk-tx.txt"; then
      grep '^{' "$RUN/wrk-tx.txt" | jq --slurpfile c "$RUN/txwrk-count.json" --arg h0 "$h0" --arg h1 "$h1" --arg w0 "$w0" --arg w1 "$w1" \
        --arg n0 "$n0" --arg n1 "$n1" --arg cpu "$(cat "$RUN/wrk-tx.time")" --argjson clients "$TX_CLIENTS" --argjson accounts "$TX_ACCOUNTS" \
        --arg load "$(load)" \
        '(($w1|tonumber) - ($w0|tonumber)) as $s | . + {clients: $clients, accounts: $accounts, heightFrom: ($h0|tonumber), heightTo: ($h1|tonumber),
          windowSeconds: $s, blocksInWindow: $c[0].blocks, includedInWindow: $c[0].included, includedPerSec: ($c[0].included / $s),
          avgTransfersPerBlock: (if ($c[0].blocks // 0) > 0 then $c[0].included / $c[0].blocks else 0 end), maxTransfersInBlock: $c[0].maxInBlock,
          nodeCpuCores: ((($n1|tonumber) - ($n0|tonumber)) / 100 / $s),
          harnessCpuCores: (($cpu | split(" ") | map(tonumber) | add) / $s), load: $load}' >"$OUT/ledger-txwrk.json"
    else
      printf '{"error": "wrk: %s"}\n' "$(tail -1 "$RUN/wrk-tx.txt" | tr -d '"\\')" >"$OUT/ledger-txwrk.json"
    fi
    log "  wrk: $(jq -r '"\(.includedPerSec // "?") transfers/s into blocks, \(.acceptedPerSec // "?") accepted/s; node \(.nodeCpuCores // "?") cores, wrk \(.harnessCpuCores // "?") cores"' "$OUT/ledger-txwrk.json")"
    stop_pid "$TX_PID"
    rm -rf "$RUN/txnode" "$RUN"/tx-warm.txt.* "$RUN"/tx-main.txt.*
  fi
fi

# Sync of blocks of 100 transfers, on run.sh's 128 MB heap. Before sync.windowMegabytes (16) bounded
# the fetched blocks by bytes, the syncing node ran out of it here (32 batches of ~240 such blocks
# could be held, ~4 MB each); BENCH_LEDGER_NODE_JAVA_OPTIONS overrides.
LEDGER_NODE_JAVA_OPTIONS=${BENCH_LEDGER_NODE_JAVA_OPTIONS:--Xms32m -Xmx128m -XX:+UseSerialGC}
if want ledger-sync; then

  chain=$WORK/chains/ledger-$CHAIN_ID-$BITS-$LEDGER_SYNC_BLOCKS-$LEDGER_TXS
  if [[ ! -f $chain/complete ]]; then
    log "writing a $LEDGER_SYNC_BLOCKS-block chain of $LEDGER_TXS transfers a block among $LEDGER_ACCOUNTS accounts (cached in $chain)"
    rm -rf "$chain"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.ChainGen ledger "$chain" "$LEDGER_SYNC_BLOCKS" "$LEDGER_TXS" "$LEDGER_ACCOUNTS" "$CHAIN_ID" "$BITS" >"$chain.json"
    touch "$chain/complete"
  fi
  cp "$chain.json" "$OUT/ledger-chaingen.json"
  n=$LEDGER_SYNC_BLOCKS
  log "sync of $n blocks of $LEDGER_TXS transfers from 1 peer"
  rm -rf "$RUN/lsrc" "$RUN/lfresh"; cp -r "$chain" "$RUN/lsrc"
  NODE_JAVA_OPTIONS=$LEDGER_NODE_JAVA_OPTIONS NODE_CHAIN="{\"spec\": \"$chain/spec.json\"}" start_node lsrc "$RUN/lsrc" '[]'
  LSRC_PID=$NODE_PID
  vmstat 1 >"$RUN/vmstat-lsync.txt" 2>/dev/null &
  VMSTAT_PID=$!; PIDS+=("$VMSTAT_PID")
  t0=$(date +%s.%N)
  NODE_JAVA_OPTIONS=$LEDGER_NODE_JAVA_OPTIONS NODE_CHAIN="{\"spec\": \"$chain/spec.json\"}" start_node lfresh "$RUN/lfresh" "[\"127.0.0.1:$NODE_P2P\"]"
  FRESH_PID=$NODE_PID
  t_ready=$(date +%s.%N)
  h=0; dead=0
  deadline=$(( $(date +%s) + 900 + n / 5 ))
  while (( $(date +%s) < deadline )); do
    if st=$(curl -fsS --max-time 5 "http://127.0.0.1:$NODE_HTTP/api/status" 2>/dev/null); then
      h=$(jq -r '.height // 0' <<<"$st"); dead=0
    else
      dead=$(( dead + 1 ))
    fi
    [[ $h -ge $n ]] && break
    kill -0 "$FRESH_PID" 2>/dev/null || break
    (( dead > 100 )) && { log "  the syncing node's API has not answered for 10+ s: giving up"; break; }
    sleep 0.1
  done
  t_done=$(date +%s.%N)
  stop_pid "$VMSTAT_PID"
  secs=$(awk -v a="$t_ready" -v b="$t_done" 'BEGIN {printf "%d", b - a + 0.5}')
  vmstat_summary "$RUN/vmstat-lsync.txt" "$(( secs > 1 ? secs : 1 ))" >"$OUT/ledger-sync-vmstat.json"
  hwm=$(rss_kb "$FRESH_PID" VmHWM); rss=$(rss_kb "$FRESH_PID" VmRSS)
  node_rate=$(grep -m1 -oE 'sync finished: .*\(([0-9]+) blocks/s\)' "$RUN/lfresh.log" | grep -oE '[0-9]+ blocks/s' | cut -d' ' -f1 || true)
  jq -n --argjson n "$n" --argjson txs "$LEDGER_TXS" --argjson h "$h" --arg t0 "$t0" --arg tr "$t_ready" --arg td "$t_done" \
    --argjson hwm "${hwm:-0}" --argjson rss "${rss:-0}" --arg nodeRate "${node_rate:-}" --arg load "$(load)" \
    --arg opts "$LEDGER_NODE_JAVA_OPTIONS" --argjson oom "$(grep -c OutOfMemoryError "$RUN/lfresh.log" || true)" \
    --argjson restarts "$(grep -c 'sync stopped at height' "$RUN/lfresh.log" || true)" \
    --argjson blocked "$(grep -c 'has been blocked for' "$RUN/lfresh.log" || true)" \
    '{blocks: $n, transfersPerBlock: $txs, peers: 1, reached: $h, seconds: (($td|tonumber) - ($tr|tonumber)),
      blocksPerSec: ($h / (($td|tonumber) - ($tr|tonumber))), transfersPerSec: ($h * $txs / (($td|tonumber) - ($tr|tonumber))),
      nodeReportedBlocksPerSec: ($nodeRate|tonumber? // null),
      startSeconds: (($tr|tonumber) - ($t0|tonumber)), peakRssKb: $hwm, rssKb: $rss, load: $load, nodeJavaOptions: $opts,
      outOfMemory: $oom, syncRestarts: $restarts, blockedEventLoopWarnings: $blocked}' >"$OUT/ledger-sync.json"
  log "  reached $h of $n: $(jq -r '.blocksPerSec|floor' "$OUT/ledger-sync.json") blocks/s, $(jq -r '.transfersPerSec|floor' "$OUT/ledger-sync.json") transfers/s"
  cpu_profile "$OUT/cpu.jsonl" "sync of $n blocks of $LEDGER_TXS transfers: the syncing node, from its start" "$FRESH_PID"
  cpu_profile "$OUT/cpu.jsonl" "sync of $n blocks of $LEDGER_TXS transfers: the serving node, from its start" "$LSRC_PID"
  stop_pid "$FRESH_PID"; stop_pid "$LSRC_PID"
  cp "$RUN/lfresh.log" "$OUT/ledger-sync-fresh.log"
  rm -rf "$RUN/lsrc" "$RUN/lfresh"
fi

# ---- 7. BFT proof of authority (issue #14): time to finality, full load, sync of blocks with commits ----
# cpu_ticks PID...: utime + stime of the processes, in clock ticks (1/100 s)
cpu_ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
# add_load FILE: the load average now, into FILE's JSON object (left alone if it is not one)
add_load() { jq -e . "$1" >/dev/null 2>&1 && jq --arg load "$(load)" '. + {load: $load}' "$1" >"$1.tmp" && mv "$1.tmp" "$1" || true; }
# bft_blocks PORT H0 H1: what the blocks of heights (H0, H1] hold: how many, with data, committed after round 0, the rounds
bft_blocks() {
  local from
  for (( from = $2 + 1; from <= $3; from += 100 )); do
    curl -fsS --max-time 10 "http://127.0.0.1:$1/api/blocks?from=$from&limit=$(( $3 - from + 1 < 100 ? $3 - from + 1 : 100 ))" | jq -c '.blocks[]'
  done | jq -s '{blocks: length, withData: (map(select(.size > 0)) | length), transfers: (map(.txCount) | add // 0),
    committedAfterRound0: (map(select((.commit.round // 0) > 0)) | length), maxCommitRound: (map(.commit.round // 0) | max // 0),
    noCommitInJson: (map(select(.commit == null)) | length)}' 2>/dev/null || echo '{}'
}
if want bft-finality || want bft-load; then
  bft_spec=$RUN/bft-spec.json
  if want bft-load; then
    # transfers signed before the network starts (2 x TX_ACCOUNTS funded: warm-up on the first half, measured on the second)
    log "bft: signing $(( 2 * TX_ACCOUNTS * BFT_TX_PER_ACCOUNT )) transfers for the load (chain $BFT_CHAIN_ID)"
    "${JAVA_TOOL[@]}" -Xmx1g dev.meshledger.bench.TxLoad bodies "$RUN/bft-tx-warm.txt" "$TX_ACCOUNTS" "$BFT_TX_PER_ACCOUNT" "$BFT_CHAIN_ID" 0 "$BFT_CLIENTS" >/dev/null
    "${JAVA_TOOL[@]}" -Xmx1g dev.meshledger.bench.TxLoad bodies "$RUN/bft-tx-main.txt" "$TX_ACCOUNTS" "$BFT_TX_PER_ACCOUNT" "$BFT_CHAIN_ID" "$TX_ACCOUNTS" "$BFT_CLIENTS" >/dev/null
  fi
  log "bft: $BFT_NODES validator processes on loopback (keys from node-key, blockPeriodMs $BFT_PERIOD_MS, each seeded with the ones before it)"
  bft_ids=()
  for v in $(seq 1 "$BFT_NODES"); do
    rm -rf "$RUN/bft$v"; mkdir -p "$RUN/bft$v"
    bft_ids+=("$(java -jar "$JAR" node-key --data-dir "$RUN/bft$v" 2>/dev/null | grep -oE '^[0-9a-f]{64}$' | tail -1)")
  done
  "${JAVA_TOOL[@]}" dev.meshledger.bench.Bft spec "$bft_spec" "$BFT_CHAIN_ID" "$BFT_PERIOD_MS" "$(( 2 * TX_ACCOUNTS ))" "${bft_ids[@]}"
  BFT_PIDS=(); BFT_HTTP=(); bft_seeds=()
  for v in $(seq 1 "$BFT_NODES"); do
    NODE_CHAIN="{\"spec\": \"$bft_spec\"}" start_node "bft$v" "$RUN/bft$v" "[$(IFS=,; echo "${bft_seeds[*]}")]"
    BFT_PIDS+=("$NODE_PID"); BFT_HTTP+=("$NODE_HTTP"); bft_seeds+=("\"127.0.0.1:$NODE_P2P\"")
  done
  # running: every node has finalized a few (empty, one a period) blocks
  deadline=$(( $(date +%s) + 90 )); bft_up=0
  while (( $(date +%s) < deadline )); do
    bft_up=1
    for p in "${BFT_HTTP[@]}"; do [[ $(height_of "$p") -ge 2 ]] || bft_up=0; done
    [[ $bft_up == 1 ]] && break
    sleep 0.2
  done
  [[ $bft_up == 1 ]] || log "  the BFT network did not finalize 2 blocks on every node in 90 s (heights: $(for p in "${BFT_HTTP[@]}"; do printf '%s ' "$(height_of "$p")"; done))"
  log "  running: heights $(for p in "${BFT_HTTP[@]}"; do printf '%s ' "$(height_of "$p")"; done)(load $(load))"

  if want bft-finality; then
    log "bft: time to finality, $BFT_WARMUP + $BFT_POSTS sequential POST /api/blocks, rotating over the $BFT_NODES nodes"
    step "$OUT/bft-finality.json" "${JAVA_TOOL[@]}" dev.meshledger.bench.Bft finality "$BFT_POSTS" "$BFT_WARMUP" "${BFT_HTTP[@]}"
    add_load "$OUT/bft-finality.json"
    log "  $(jq -r '"201 p50/p99 \(.answerP50Ms // "?")/\(.answerP99Ms // "?") ms, all nodes p50/p99 \(.allNodesP50Ms // "?")/\(.allNodesP99Ms // "?") ms"' "$OUT/bft-finality.json")"
  fi

  if want bft-load; then
    # wrk spreads over the nodes by thread (bench/post.lua, bench/tx.lua: BENCH_PORTS); its timeout
    # outlasts http.commitWaitMs (10 s), so a slow finality is a 202, not a wrk timeout
    bft_ports="${BFT_HTTP[*]}"
    # bft_window NAME WRK_ARGS...: height, node CPU and time around one wrk run -> $RUN/NAME.window
    bft_window() {
      local name=$1; shift
      local h0 n0 w0 h1 n1 w1
      h0=$(height_of "${BFT_HTTP[0]}"); n0=$(cpu_ticks "${BFT_PIDS[@]}"); w0=$(date +%s.%N)
      TIMEFORMAT='%U %S'
      { time BENCH_PORTS=$bft_ports wrk "$@" >"$RUN/wrk-$name.txt" 2>&1 ; } 2>"$RUN/wrk-$name.time" || true
      h1=$(height_of "${BFT_HTTP[0]}"); n1=$(cpu_ticks "${BFT_PIDS[@]}"); w1=$(date +%s.%N)
      echo "$h0 $h1 $n0 $n1 $w0 $w1" >"$RUN/$name.window"
    }
    log "bft: full load, $BFT_CLIENTS wrk connections POSTing data (bench/post.lua, -t$BFT_NODES: a thread per node), ${WARMUP_SECONDS}s warm-up + ${BFT_LOAD_SECONDS}s"
    CLIENTS=$BFT_CLIENTS BENCH_PORTS=$bft_ports wrk -t"$BFT_NODES" -c"$BFT_CLIENTS" -d"${WARMUP_SECONDS}s" --timeout 15s \
      -s "$ROOT/bench/post.lua" "http://127.0.0.1:${BFT_HTTP[0]}/api/blocks" >/dev/null 2>&1 || true
    CLIENTS=$BFT_CLIENTS bft_window bft-data -t"$BFT_NODES" -c"$BFT_CLIENTS" -d"${BFT_LOAD_SECONDS}s" --timeout 15s --latency \
      -s "$ROOT/bench/post.lua" "http://127.0.0.1:${BFT_HTTP[0]}/api/blocks"
    read -r h0 h1 n0 n1 w0 w1 <"$RUN/bft-data.window"
    if grep -q '^{' "$RUN/wrk-bft-data.txt"; then
      grep '^{' "$RUN/wrk-bft-data.txt" | jq --arg h0 "$h0" --arg h1 "$h1" --arg n0 "$n0" --arg n1 "$n1" --arg w0 "$w0" --arg w1 "$w1" \
        --arg cpu "$(cat "$RUN/wrk-bft-data.time")" --argjson nodes "$BFT_NODES" --arg load "$(load)" \
        '(($w1|tonumber) - ($w0|tonumber)) as $s | . + {nodes: $nodes, heightFrom: ($h0|tonumber), heightTo: ($h1|tonumber), windowSeconds: $s,
          finalBlocksPerSec: ((($h1|tonumber) - ($h0|tonumber)) / $s),
          nodesCpuCores: ((($n1|tonumber) - ($n0|tonumber)) / 100 / $s),
          harnessCpuCores: (($cpu | split(" ") | map(tonumber) | add) / $s), load: $load}' >"$OUT/bft-data.json"
    else
      printf '{"error": "wrk: %s"}\n' "$(tail -1 "$RUN/wrk-bft-data.txt" | tr -d '"\\')" >"$OUT/bft-data.json"
    fi
    bft_blocks "${BFT_HTTP[0]}" "$h0" "$h1" >"$OUT/bft-data-blocks.json"
    log "  $(jq -r '"\(.finalBlocksPerSec // "?") final blocks/s, \(.blocksPerSec // "?") data items answered/s (p50 \(.p50Ms // "?") ms); nodes \(.nodesCpuCores // "?") cores"' "$OUT/bft-data.json")"

    log "bft: full load, $BFT_CLIENTS wrk connections POSTing pre-signed transfers (bench/tx.lua, a thread per connection, spread over the nodes), ${WARMUP_SECONDS}s warm-up + ${BFT_LOAD_SECONDS}s"
    TX_BODIES=$RUN/bft-tx-warm.txt BENCH_PORTS=$bft_ports wrk -t"$BFT_CLIENTS" -c"$BFT_CLIENTS" -d"${WARMUP_SECONDS}s" --timeout 15s \
      -s "$ROOT/bench/tx.lua" "http://127.0.0.1:${BFT_HTTP[0]}/api/transactions" >/dev/null 2>&1 || true
    TX_BODIES=$RUN/bft-tx-main.txt bft_window bft-tx -t"$BFT_CLIENTS" -c"$BFT_CLIENTS" -d"${BFT_LOAD_SECONDS}s" --timeout 15s --latency \
      -s "$ROOT/bench/tx.lua" "http://127.0.0.1:${BFT_HTTP[0]}/api/transactions"
    read -r h0 h1 n0 n1 w0 w1 <"$RUN/bft-tx.window"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.TxLoad count "http://127.0.0.1:${BFT_HTTP[0]}" "$h0" "$h1" >"$RUN/bft-tx-count.json" 2>"$RUN/bft-tx-count.err" \
      || echo '{}' >"$RUN/bft-tx-count.json"
    if grep -q '^{' "$RUN/wrk-bft-tx.txt"; then
      grep '^{' "$RUN/wrk-bft-tx.txt" | jq --slurpfile c "$RUN/bft-tx-count.json" --arg h0 "$h0" --arg h1 "$h1" --arg w0 "$w0" --arg w1 "$w1" \
        --arg n0 "$n0" --arg n1 "$n1" --arg cpu "$(cat "$RUN/wrk-bft-tx.time")" --argjson clients "$BFT_CLIENTS" --argjson nodes "$BFT_NODES" \
        --argjson accounts "$TX_ACCOUNTS" --arg load "$(load)" \
        '(($w1|tonumber) - ($w0|tonumber)) as $s | . + {clients: $clients, nodes: $nodes, accounts: $accounts, heightFrom: ($h0|tonumber),
          heightTo: ($h1|tonumber), windowSeconds: $s, blocksInWindow: $c[0].blocks, finalBlocksPerSec: ((($h1|tonumber) - ($h0|tonumber)) / $s),
          includedInWindow: $c[0].included, includedPerSec: ($c[0].included / $s),
          avgTransfersPerBlock: (if ($c[0].blocks // 0) > 0 then $c[0].included / $c[0].blocks else 0 end), maxTransfersInBlock: $c[0].maxInBlock,
          nodesCpuCores: ((($n1|tonumber) - ($n0|tonumber)) / 100 / $s),
          harnessCpuCores: (($cpu | split(" ") | map(tonumber) | add) / $s), load: $load}' >"$OUT/bft-tx.json"
    else
      printf '{"error": "wrk: %s"}\n' "$(tail -1 "$RUN/wrk-bft-tx.txt" | tr -d '"\\')" >"$OUT/bft-tx.json"
    fi
    bft_blocks "${BFT_HTTP[0]}" "$h0" "$h1" >"$OUT/bft-tx-blocks.json"
    # what consensus is doing on each node at the end of the window (height, round, step): shows a stall
    for p in "${BFT_HTTP[@]}"; do
      curl -fsS --max-time 5 "http://127.0.0.1:$p/api/consensus" 2>/dev/null || echo '{}'
    done | jq -s --arg load "$(load)" '{nodes: ., load: $load}' >"$OUT/bft-consensus-after-tx.json" 2>/dev/null || true
    log "  $(jq -r '"\(.includedPerSec // "?") transfers/s into final blocks (\(.avgTransfersPerBlock // "?") a block), \(.acceptedPerSec // "?") accepted/s; nodes \(.nodesCpuCores // "?") cores"' "$OUT/bft-tx.json")"
  fi
  for pid in "${BFT_PIDS[@]}"; do stop_pid "$pid"; done
  for v in $(seq 1 "$BFT_NODES"); do cp "$RUN/bft$v.log" "$OUT/bft-node$v.log" 2>/dev/null || true; done
  rm -rf "$RUN"/bft[0-9]* "$RUN"/bft-tx-warm.txt.* "$RUN"/bft-tx-main.txt.*
fi

# Sync of a BFT chain: each block carries a commit of 3 of 4 validators' precommits, checked with it
# (CommitCheck: one Ed25519 verify a signature, beside the producer's). A fresh non-validator node
# with the same spec syncs it from one peer holding it (a non-validator too: nothing new is made).
if want bft-sync; then
  chain=$WORK/chains/bft-$BFT_CHAIN_ID-$BFT_SYNC_BLOCKS
  if [[ ! -f $chain/complete ]]; then
    log "writing a $BFT_SYNC_BLOCKS-block BFT chain, commits of 3 of 4 validators (cached in $chain)"
    rm -rf "$chain"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.ChainGen bft "$chain" "$BFT_SYNC_BLOCKS" "$BFT_CHAIN_ID" >"$chain.json"
    touch "$chain/complete"
  fi
  cp "$chain.json" "$OUT/bft-chaingen.json"
  n=$BFT_SYNC_BLOCKS
  log "sync of $n BFT blocks with commits from 1 peer"
  rm -rf "$RUN/bsrc" "$RUN/bfresh"; cp -r "$chain" "$RUN/bsrc"
  NODE_CHAIN="{\"spec\": \"$chain/spec.json\"}" start_node bsrc "$RUN/bsrc" '[]'
  BSRC_PID=$NODE_PID
  t0=$(date +%s.%N)
  NODE_CHAIN="{\"spec\": \"$chain/spec.json\"}" start_node bfresh "$RUN/bfresh" "[\"127.0.0.1:$NODE_P2P\"]"
  FRESH_PID=$NODE_PID
  t_ready=$(date +%s.%N); n0=$(cpu_ticks "$FRESH_PID")
  h=0
  deadline=$(( $(date +%s) + 900 + n / 50 ))
  while (( $(date +%s) < deadline )); do
    h=$(height_of "$NODE_HTTP")
    [[ $h -ge $n ]] && break
    kill -0 "$FRESH_PID" 2>/dev/null || break
    sleep 0.1
  done
  t_done=$(date +%s.%N); n1=$(cpu_ticks "$FRESH_PID")
  hwm=$(rss_kb "$FRESH_PID" VmHWM)
  node_rate=$(grep -m1 -oE 'sync finished: .*\(([0-9]+) blocks/s\)' "$RUN/bfresh.log" | grep -oE '[0-9]+ blocks/s' | cut -d' ' -f1 || true)
  jq -n --argjson n "$n" --argjson h "$h" --arg t0 "$t0" --arg tr "$t_ready" --arg td "$t_done" --arg n0 "$n0" --arg n1 "$n1" \
    --argjson hwm "${hwm:-0}" --arg nodeRate "${node_rate:-}" --arg load "$(load)" \
    --argjson sigs "$(jq '.commitSignatures // 3' "$chain.json")" \
    '(($td|tonumber) - ($tr|tonumber)) as $s | {blocks: $n, commitSignatures: $sigs, peers: 1, reached: $h, seconds: $s,
      blocksPerSec: ($h / $s), nodeReportedBlocksPerSec: ($nodeRate|tonumber? // null), freshNodeCpuCores: ((($n1|tonumber) - ($n0|tonumber)) / 100 / $s),
      startSeconds: (($tr|tonumber) - ($t0|tonumber)), peakRssKb: $hwm, load: $load}' >"$OUT/bft-sync.json"
  log "  reached $h of $n: $(jq -r '.blocksPerSec|floor' "$OUT/bft-sync.json") blocks/s (load $(load))"
  stop_pid "$FRESH_PID"; stop_pid "$BSRC_PID"
  cp "$RUN/bfresh.log" "$OUT/bft-sync-fresh.log"
  rm -rf "$RUN/bsrc" "$RUN/bfresh"
fi

# ---- report ----
echo "{\"endLoad\": \"$(load)\"}" >"$OUT/end.json"
"${JAVA_TOOL[@]}" dev.meshledger.bench.Report "$OUT" "$ROOT/bench/results.json"
# where each figure's CPU went, by thread group (the largest first; C1/C2 are the JIT compilers)
if [[ -s $OUT/cpu.jsonl ]]; then
  echo
  echo "CPU seconds by thread group (what bounds each figure):"
  jq -r '.label + ": " + ([.threads | to_entries | sort_by(-.value) | .[:7][] | "\(.key) \(.value)"] | join(", "))
    + "; total " + ([.threads[]] | add | . * 10 | round / 10 | tostring)' "$OUT/cpu.jsonl"
fi
