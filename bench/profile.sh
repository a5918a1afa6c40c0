#!/usr/bin/env bash
# Profiles one benchmark scenario with JFR on the node under test and prints its hottest methods.
#   bench/profile.sh sync N PEERS        a fresh node syncing N blocks from PEERS peers (the profiled one)
#   bench/profile.sh create CLIENTS SEC  POST /api/blocks with CLIENTS clients for SEC seconds
#   bench/profile.sh api latest|range SEC  wrk -t2 -c50 on a node holding 20,000 blocks
# Recordings go to bench/work/profile-*.jfr (summarize again with bench/jfr-top.sh FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=profile
source bench/lib.sh
mkdir -p "$RUN" "$WORK/chains"
what=${1:?usage: bench/profile.sh sync N PEERS | create CLIENTS SEC | api latest|range SEC}
jfr_opts() { echo "-XX:StartFlightRecording=filename=$1,settings=profile,dumponexit=true"; }

ensure_chain() { # N -> CHAIN
  CHAIN=$WORK/chains/$CHAIN_ID-$BITS-$1
  if [[ ! -f $CHAIN/complete ]]; then
    rm -rf "$CHAIN"
    "${JAVA_TOOL[@]}" dev.meshledger.bench.ChainGen chain "$CHAIN" "$1" "$CHAIN_ID" "$BITS" >"$CHAIN.json"
    touch "$CHAIN/complete"
  fi
}

case $what in
  sync)
    n=${2:-20000}; peers=${3:-1}; rec=$WORK/profile-sync-$n-$peers.jfr
    ensure_chain "$n"
    seeds=()
    for p in $(seq 1 "$peers"); do
      rm -rf "$RUN/psrc$p"; cp -r "$CHAIN" "$RUN/psrc$p"
      start_node "psrc$p" "$RUN/psrc$p" '[]'; seeds+=("\"127.0.0.1:$NODE_P2P\"")
    done
    rm -rf "$RUN/pfresh"
    start_node pfresh "$RUN/pfresh" "[$(IFS=,; echo "${seeds[*]}")]" "$(jfr_opts "$rec")"
    t0=$(date +%s.%N)
    for _ in $(seq 1 6000); do [[ $(height_of "$NODE_HTTP") -ge $n ]] && break; kill -0 "$NODE_PID" || break; sleep 0.1; done
    log "synced $(height_of "$NODE_HTTP") of $n in $(echo "$(date +%s.%N) - $t0" | bc) s; load $(load)"
    stop_pid "$NODE_PID"
    grep -E 'sync (finished|stopped)' "$RUN/pfresh.log" || true
    ;;
  create)
    c=${2:-16}; sec=${3:-10}; rec=$WORK/profile-create-$c.jfr
    rm -rf "$RUN/pcreate"
    start_node pcreate "$RUN/pcreate" '[]' "$(jfr_opts "$rec")"
    post_blocks "$c" "$sec" "http://127.0.0.1:$NODE_HTTP/api/blocks"
    stop_pid "$NODE_PID"
    ;;
  api)
    kind=${2:-latest}; sec=${3:-10}; rec=$WORK/profile-api-$kind.jfr
    ensure_chain 20000
    rm -rf "$RUN/papi"; cp -r "$CHAIN" "$RUN/papi"
    start_node papi "$RUN/papi" '[]' "$(jfr_opts "$rec")"
    url="http://127.0.0.1:$NODE_HTTP/api/blocks/latest"
    [[ $kind == range ]] && url="http://127.0.0.1:$NODE_HTTP/api/blocks?from=10000&limit=100"
    wrk -t2 -c50 -d"${sec}s" --latency "$url"
    stop_pid "$NODE_PID"
    ;;
  *) echo "unknown scenario $what" >&2; exit 2 ;;
esac
bench/jfr-top.sh "$rec" 20
