#!/usr/bin/env bash
# bench/jfr-top.sh FILE.jfr [N]: the hottest methods of a JFR recording, from its execution samples:
# by top frame (where the CPU is), and by the first Meshledger frame on the stack (which of our code pays).
set -euo pipefail
f=$1; n=${2:-15}
jfr print --stack-depth 64 --events jdk.ExecutionSample "$f" >"$f.samples.txt"
total=$(grep -c 'jdk.ExecutionSample' "$f.samples.txt" || true)
echo "$total execution samples in $f"
echo "-- top frames (self) --"
awk '/stackTrace = \[/{getline; sub(/^ +/,""); sub(/ +line:.*/,""); print}' "$f.samples.txt" | sort | uniq -c | sort -rn | head -"$n"
echo "-- first dev.meshledger frame on the stack (inclusive) --"
awk '/stackTrace = \[/{inst=1; next} inst && /dev\.meshledger/{sub(/^ +/,""); sub(/ +line:.*/,""); print; inst=0} /^ *\]/{inst=0}' "$f.samples.txt" | sort | uniq -c | sort -rn | head -"$n"
echo "-- by thread --"
awk '/sampledThread = /{sub(/.*sampledThread = "/,""); sub(/".*/,""); gsub(/[0-9]+/,"N"); print}' "$f.samples.txt" | sort | uniq -c | sort -rn | head -8
