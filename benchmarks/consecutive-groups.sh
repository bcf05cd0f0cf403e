#!/usr/bin/env bash
# Pairs of k consecutive starts a side from a directory of benchmarks/practice.sh results made one start per step
# (off, on, off, ...), as benchmarks/VerdictCheck reads them: each group of k "off" starts against the k "on" starts
# interleaved with them (regressed), those "on" starts against the next k "off" starts (improved), and two groups of
# "off" starts that share none (unchanged). These are the alternating blocks of benchmarks/alternating-groups.sh begun
# at every second step, so the groups overlap from one line to the next and the pairs are not independent: this
# re-judges the same runs as if several starts a side had been run, it does not replace that.
# Usage: benchmarks/consecutive-groups.sh DIR [k] [bottleneck] | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
set -euo pipefail
STRIDE=2 AA=sequence exec "$(dirname "$0")/alternating-groups.sh" "$1" "${2:-3}" "${3:-SequentialCalls}"
