#!/usr/bin/env bash
# How often each way of judging gets benchmarks/practice.sh's pairs right: PerfRunner's comparison at several thresholds,
# with and without the machine's speed, and Perfolizer's Mann–Whitney equivalence test (benchmarks/VerdictCheck).
# Usage: benchmarks/verdicts.sh [practice.sh output directory]...   (default results/practice)
# Pairs: each off run against the "on" run after it (regressed), each "on" run against the off run after it
# (improved), each off run against the off run two starts before it (unchanged).
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("${@:-results/practice}")
dotnet build benchmarks/VerdictCheck -c Release -v q -nologo > /dev/null
for dir in "${dirs[@]}"; do
  for first in "$dir"/*.0.off.json; do
    [[ $first == *.vs.* ]] && continue
    b=${first%.0.off.json}
    for ((i = 1; ; i++)); do
      [[ -f $b.$i.on.json || -f $b.$i.off.json ]] || break
      if ((i % 2)); then echo "$b.$((i - 1)).off.json $b.$i.on.json regressed"
      else echo "$b.$((i - 1)).on.json $b.$i.off.json improved"; echo "$b.$((i - 2)).off.json $b.$i.off.json unchanged"; fi
    done
  done
done | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
