#!/usr/bin/env bash
# Meshledger: build and run a local network.
#   ./run.sh          build the jar if missing, start conf/node1..3 in the background, Ctrl-C stops them
#   ./run.sh build    (re)build the jar
#   ./run.sh node2    run one node (conf/node2.json) in the foreground
#   ./run.sh test     run the test suite (mvn -B verify)
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/node-fat.jar
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

case "${1:-network}" in
  build) build; ls -lh "$JAR" ;;
  test) exec mvn -B verify ;;
  node[0-9]*)
    need_jar
    [[ -f conf/$1.json ]] || { echo "no conf/$1.json" >&2; exit 1; }
    exec java -jar "$JAR" -conf "conf/$1.json"
    ;;
  network)
    need_jar
    mkdir -p logs
    pids=()
    stop() {
      trap - INT TERM EXIT
      echo; echo "stopping nodes ${pids[*]}"
      kill "${pids[@]}" 2>/dev/null || true
      wait "${pids[@]}" 2>/dev/null || true
    }
    trap stop INT TERM EXIT
    for n in 1 2 3; do
      java -jar "$JAR" -conf "conf/node$n.json" >"logs/node$n.log" 2>&1 &
      pids+=($!)
    done
    for n in 1 2 3; do
      port=$((8000 + n))
      for _ in $(seq 1 150); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break
        kill -0 "${pids[$((n - 1))]}" 2>/dev/null || { echo "node$n exited; see logs/node$n.log:"; tail -n 5 "logs/node$n.log"; exit 1; }
        sleep 0.2
      done
      echo "node$n  http://127.0.0.1:$port/   (P2P 700$n, log logs/node$n.log, pid ${pids[$((n - 1))]})"
    done
    echo "try: curl -X POST -H 'Content-Type: application/json' -d '{\"data\":\"hello\"}' http://127.0.0.1:8001/api/blocks"
    echo "Ctrl-C stops all three."
    wait
    ;;
  *) echo "usage: ./run.sh [build|test|nodeN]" >&2; exit 2 ;;
esac
