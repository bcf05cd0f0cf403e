#!/usr/bin/env bash
# Pairs of k consecutive starts a side from a directory of benchmarks/practice.sh results made one start per step
# (off, on, off, ...), as benchmarks/VerdictCheck reads them: each group of k "off" starts against the k "on" starts
# interleaved with them (regressed), those "on" starts against the next k "off" starts (improved), and two groups of
# "off" starts that share none (unchanged). The groups overlap from one line to the next, so the pairs are not
# independent: this re-judges the same runs as if several starts a side had been run, it does not replace that.
# Usage: benchmarks/consecutive-groups.sh DIR [k] [bottleneck] | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
set -euo pipefail
d=$1; k=${2:-3}; b=${3:-SequentialCalls}
n=$(ls "$d/$b".*.on.json | grep -vc '\.vs\.')
group() { local s=$1 side=$2 out= j; for ((j = 0; j < k; j++)); do out+="${out:+,}$d/$b.$((s + 2 * j)).$side.json"; done; echo "$out"; }
for ((s = 0; s + 2 * (k - 1) + 1 <= 2 * n; s += 2)); do
  echo "$(group $s off) $(group $((s + 1)) on) regressed"
  [[ -f $d/$b.$((s + 2 * k)).off.json ]] && echo "$(group $((s + 1)) on) $(group $((s + 2)) off) improved"
  [[ -f $d/$b.$((s + 4 * k - 2)).off.json ]] && echo "$(group $s off) $(group $((s + 2 * k)) off) unchanged"
done
