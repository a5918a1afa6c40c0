#!/usr/bin/env bash
# Meshledger: build and run a local network.
#   ./run.sh          build the jar if missing, start four BFT validators (conf/node1..4) in the
#                     background, Ctrl-C stops them. The first run makes their keys
#                     (data/node1..4/node.key) and writes the chain spec data/chain-local.json.
#   ./run.sh pow      the same three nodes as before on the proof-of-work spec conf/chain-dev.json
#                     (conf/node1..3, data under data/pow/; node1 mines)
#   ./run.sh pos      four proof-of-stake validators (conf/node1..4, data under data/pos/): the first
#                     run makes their keys and writes data/chain-pos-local.json from the template
#                     conf/chain-pos.json, each node's id a genesis validator with 10000 bonded
#   ./run.sh build    (re)build the jar
#   ./run.sh node2    run one node (conf/node2.json) of the BFT network in the foreground
#   ./run.sh test     run the test suite (mvn -B verify)
#   ./run.sh testnet [--nodes N] [--engine poa|pow] [--minutes M] [--perturb kill,pause,partition,restart,latency]
#                    [--net auto|netns|relay] [--out DIR]
#                     a perturbed testnet of N node processes (network namespaces + tc netem when root,
#                     else loopback); writes DIR/report.json and report.html (docs/testnet.md)
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/node-fat.jar
SPEC=data/chain-local.json        # what conf/node1..4.json name as chain.spec
SPEC_SUM=data/chain-local.sha256  # the spec's hash when its chains were started: a genesis is made from it
VALIDATORS=(1 2 3 4)
# A node needs little heap; without a cap the JVM sizes it from the machine (1/4 of RAM) and
# its RSS creeps up to whatever it committed. The serial collector keeps no per-region tables
# (G1's are ~40 MB at this heap size) and pauses a few ms on a heap this small; two malloc arenas
# stop RocksDB's native threads from each growing their own. With these a node syncing 1,000,000
# blocks peaks at 257-267 MB RSS (BENCHMARKS.md). Override by setting the variables yourself.
export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:--Xms32m -Xmx128m -XX:+UseSerialGC}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

build() { mvn -B -q -DskipTests package; }
need_jar() {
  if [[ ! -f $JAR ]]; then
    echo "building $JAR (first run; about a minute)..."
    build
  fi
}
die() { echo "run.sh: $*" >&2; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
has_chain() { [[ -d data/node$1/chain ]]; }

# The BFT network's spec: made on the first run, checked on every later one. A node refuses a
# data dir whose chain began from another spec (genesis mismatch); say so here, in one line each,
# before any node starts. Nothing is ever deleted.
ensure_spec() {
  if [[ ! -f $SPEC ]]; then
    for n in "${VALIDATORS[@]}"; do
      has_chain "$n" && die "data/node$n holds a chain from an earlier version of run.sh (proof of work, conf/chain-dev.json)
but there is no $SPEC: the BFT network would refuse it (genesis mismatch).
Start afresh with:  rm -rf data/    (or keep it: mv data data.old)"
    done
    echo "first run: making the validators' keys and $SPEC"
    local ids=() id n
    for n in "${VALIDATORS[@]}"; do
      id=$(java -jar "$JAR" node-key --data-dir "data/node$n" 2>/dev/null | tail -n 1 | tr -d '[:space:]')
      [[ $id =~ ^[0-9a-f]{64}$ ]] || die "node-key --data-dir data/node$n printed no node id"
      ids+=("$id")
      echo "  node$n  $id  (data/node$n/node.key)"
    done
    # the dev faucet's allocations and reward as in conf/chain-dev.json; validators: the four nodes
    local validators="" i
    for i in "${!ids[@]}"; do
      validators+=$(printf '%s\n    {"id": "%s", "power": 1}' "${validators:+,}" "${ids[$i]}")
    done
    printf '{\n  "chainId": "meshledger-local",\n  "consensus": {"engine": "bft", "powerFrom": "spec", "blockPeriodMs": 1000},\n  "validators": [%s\n  ],\n  "alloc": {\n    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a": 1000000,\n    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c": 500000\n  },\n  "blockReward": 50\n}\n' \
      "$validators" >"$SPEC.tmp"
    mv "$SPEC.tmp" "$SPEC"
    sum "$SPEC" >"$SPEC_SUM"
    return
  fi
  local now any=""
  now=$(sum "$SPEC")
  for n in "${VALIDATORS[@]}"; do has_chain "$n" && any=1; done
  if [[ -n $any && -f $SPEC_SUM && $(cat "$SPEC_SUM") != "$now" ]]; then
    die "$SPEC changed since data/node*/chain were started from it: the nodes would refuse their chains
(genesis mismatch). Put the spec back, or start afresh with:  rm -rf data/"
  fi
  echo "$now" >"$SPEC_SUM"
  for n in "${VALIDATORS[@]}"; do
    [[ -f data/node$n/node.key ]] || die "data/node$n/node.key is missing, but $SPEC lists node$n's key as a validator:
restore the key, or start a new network with:  rm -rf data/"
  done
}

# The proof-of-stake network's spec: conf/chain-pos.json with the four nodes' ids as its genesis
# validators (its "validators": [] line filled in), made once; later runs reuse it.
POS_SPEC=data/chain-pos-local.json
ensure_pos_spec() {
  [[ -f $POS_SPEC ]] && return
  echo "first proof-of-stake run: making the validators' keys and $POS_SPEC"
  local validators="" id n
  for n in "${VALIDATORS[@]}"; do
    id=$(java -jar "$JAR" node-key --data-dir "data/pos/node$n" 2>/dev/null | tail -n 1 | tr -d '[:space:]')
    [[ $id =~ ^[0-9a-f]{64}$ ]] || die "node-key --data-dir data/pos/node$n printed no node id"
    echo "  node$n  $id  (data/pos/node$n/node.key)"
    validators+="${validators:+, }{\"id\": \"$id\", \"power\": 10000}"
  done
  grep -q '"validators": \[\],' conf/chain-pos.json || die "conf/chain-pos.json has no '\"validators\": [],' line to fill in"
  sed "s/\"validators\": \[\],/\"validators\": [$validators],/" conf/chain-pos.json >"$POS_SPEC.tmp"
  mv "$POS_SPEC.tmp" "$POS_SPEC"
}

# run_network MODE NODES...: start the nodes in the background, wait until each is ready, wait
run_network() {
  local mode=$1; shift
  local nodes=("$@") pids=() n i port
  mkdir -p logs
  stop() {
    trap - INT TERM EXIT
    echo; echo "stopping nodes ${pids[*]}"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  }
  trap stop INT TERM EXIT
  for n in "${nodes[@]}"; do
    if [[ $mode == pow ]]; then
      CHAIN_SPEC=conf/chain-dev.json NODE_DATA_DIR=data/pow/node$n \
        java -jar "$JAR" -conf "conf/node$n.json" >"logs/node$n.log" 2>&1 &
    elif [[ $mode == pos ]]; then
      CHAIN_SPEC=$POS_SPEC NODE_DATA_DIR=data/pos/node$n \
        java -jar "$JAR" -conf "conf/node$n.json" >"logs/node$n.log" 2>&1 &
    else
      java -jar "$JAR" -conf "conf/node$n.json" >"logs/node$n.log" 2>&1 &
    fi
    pids+=($!)
  done
  for i in "${!nodes[@]}"; do
    n=${nodes[$i]}; port=$((8000 + n))
    for _ in $(seq 1 300); do
      curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break
      kill -0 "${pids[$i]}" 2>/dev/null || { echo "node$n exited; see logs/node$n.log:"; tail -n 5 "logs/node$n.log"; exit 1; }
      sleep 0.2
    done
    echo "node$n  http://127.0.0.1:$port/   (P2P 700$n, log logs/node$n.log, pid ${pids[$i]})"
  done
  if [[ $mode == pow ]]; then
    echo "proof of work on conf/chain-dev.json, data in data/pow/; node1 mines"
  elif [[ $mode == pos ]]; then
    echo "BFT proof of stake on $POS_SPEC, data in data/pos/: the set is elected from the stake every 20 blocks"
    echo "  curl -s http://127.0.0.1:8001/api/consensus     # pools, unbonding, validators"
  else
    echo "BFT proof of authority: validators node1..4 of $SPEC; a block is final once 3 of 4 precommit it"
    echo "  curl -s http://127.0.0.1:8001/api/consensus"
  fi
  echo "try: curl -X POST -H 'Content-Type: application/json' -d '{\"data\":\"hello\"}' http://127.0.0.1:8001/api/blocks"
  echo "Ctrl-C stops all ${#nodes[@]}."
  wait
}

case "${1:-network}" in
  build) build; ls -lh "$JAR" ;;
  test) exec mvn -B verify ;;
  testnet)
    shift
    need_jar
    # the runner's own JVM; each node it starts gets -Xmx128m -XX:+UseSerialGC itself
    exec java -Xmx256m -jar "$JAR" testnet --jar "$JAR" "$@"
    ;;
  node[0-9]*)
    need_jar
    [[ -f conf/$1.json ]] || die "no conf/$1.json"
    ensure_spec
    exec java -jar "$JAR" -conf "conf/$1.json"
    ;;
  network)
    need_jar
    ensure_spec
    run_network bft "${VALIDATORS[@]}"
    ;;
  pow)
    need_jar
    run_network pow 1 2 3
    ;;
  pos)
    need_jar
    ensure_pos_spec
    run_network pos 1 2 3 4
    ;;
  *) echo "usage: ./run.sh [build|test|pow|pos|nodeN|testnet ...]" >&2; exit 2 ;;
esac
