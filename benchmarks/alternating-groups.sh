#!/usr/bin/env bash
# Pairs of k starts a side whose settings alternate start by start, as benchmarks/VerdictCheck reads them, from a
# directory of benchmarks/practice.sh results made one start per step (off, on, off, ...). Each pair's starts are its
# own: a block of 2k consecutive steps from an "off" step is k "off" starts against the k "on" starts between them
# (regressed), a block from an "on" step the reverse (improved), and a block of 4k steps gives two A/A pairs, its
# "off" starts taken alternately into two sides and so its "on" starts (unchanged). Blocks of one kind share no start;
# a regressed and an improved block overlap, as the user's change and the user's fix would be judged on the same runs.
# STRIDE=2 starts a block at every second step instead (overlapping blocks, more pairs for VerdictCheck's power table,
# none of them independent). AA=sequence makes each A/A pair two groups of k "off" starts one after the other instead,
# sharing none (what benchmarks/consecutive-groups.sh gives, with STRIDE=2).
# Usage: benchmarks/alternating-groups.sh DIR [k] [bottleneck] | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
set -euo pipefail
d=$1; k=${2:-5}; b=${3:-SequentialCalls}
steps=$(ls "$d" | grep -Ec "^$b\.[0-9]+\.(on|off)\.json$")
# $1 first step, $2 side, $3 steps between its starts
group() {
  local out= j
  for ((j = 0; j < k; j++)); do out+="${out:+,}$d/$b.$(($1 + $3 * j)).$2.json"; done
  echo "$out"
}
for ((s = 0; s + 2 * k <= steps; s += ${STRIDE:-2 * k})); do echo "$(group $s off 2) $(group $((s + 1)) on 2) regressed"; done
for ((s = 1; s + 2 * k <= steps; s += ${STRIDE:-2 * k})); do echo "$(group $s on 2) $(group $((s + 1)) off 2) improved"; done
if [[ ${AA:-} == sequence ]]; then
  for ((s = 0; s + 4 * k - 2 < steps; s += ${STRIDE:-4 * k})); do echo "$(group $s off 2) $(group $((s + 2 * k)) off 2) unchanged"; done
else
  for ((s = 0; s + 4 * k <= steps; s += ${STRIDE:-4 * k})); do
    echo "$(group $s off 4) $(group $((s + 2)) off 4) unchanged"
    echo "$(group $((s + 1)) on 4) $(group $((s + 3)) on 4) unchanged"
  done
fi
