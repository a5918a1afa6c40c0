#!/usr/bin/env bash
# Meshledger network simulator (issue #17): a deterministic discrete-event simulation of block relay
# (full push, announce, sqrt push, compact) and BFT time to finality, driving the node's own codec,
# validation, relay rule and Tendermint core on a simulated clock and network.
#   sim/run.sh --nodes 1000 --degree 8 --latency 50ms --jitter 20ms --loss 1% --blocks 100 --seed 7 [--out DIR]
#   sim/run.sh -h      every option
# Prints a table; --out DIR writes DIR/sim.json (identical for identical arguments, but wallSeconds).
# Builds the node's fat jar (target/node-fat.jar) and sim/target/sim.jar when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for a in "$@"; do
  if [[ $a == -h || $a == --help ]]; then sed -n 2,8p "$0" | sed 's/^# \{0,1\}//'; echo; break; fi
done
if [[ ! -f target/node-fat.jar ]]; then
  echo "sim: building the node's fat jar (mvn -B -q -DskipTests package)" >&2
  mvn -B -q -DskipTests package >&2
fi
JAR=sim/target/sim.jar
if [[ ! -f $JAR || -n $(find sim/src/main sim/pom.xml target/node-fat.jar -newer "$JAR" -print -quit 2>/dev/null) ]]; then
  echo "sim: building sim/target/sim.jar" >&2
  mvn -B -q -f sim/pom.xml -DskipTests package >&2
fi
exec java ${SIM_JAVA_OPTIONS:--Xss8m -XX:+UseSerialGC -Xmx2g} -cp "$ROOT/$JAR:$ROOT/target/node-fat.jar" dev.meshledger.sim.Main "$@"
