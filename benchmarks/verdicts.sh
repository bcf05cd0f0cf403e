#!/usr/bin/env bash
# How often each way of judging gets benchmarks/practice.sh's pairs right: PerfRunner's comparison at several thresholds,
# with and without the machine's speed, and Perfolizer's Mann–Whitney equivalence test (benchmarks/VerdictCheck).
# Usage: benchmarks/verdicts.sh [practice.sh output directory]...   (default results/practice)
# Pairs: each off run against the "on" run after it (regressed), each "on" run against the off run after it
# (improved), each run against the run of its setting two starts before it (unchanged). Where practice.sh ran SYSTEMS=k, a
# step's k results are one side (comma-separated), judged as `compare` judges several starts a side.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("${@:-results/practice}")
dotnet build benchmarks/VerdictCheck -c Release -v q -nologo > /dev/null
# $1 a step (e.g. results/practice/SequentialCalls.3.on): its result, or its starts' results comma-separated
side() {
  if [[ -f $1.json ]]; then echo "$1.json"; return; fi
  local files=("$1".s*.json) list= f
  for f in "${files[@]}"; do [[ $f == *.vs.* || $f == *.sweep.* || ! -f $f ]] || list+="${list:+,}$f"; done
  echo "$list"
}
for dir in "${dirs[@]}"; do
  for first in "$dir"/*.0.off.json "$dir"/*.0.off.s1.json; do
    [[ -f $first && $first != *.vs.* ]] || continue
    b=${first%.0.off*}
    for ((i = 1; ; i++)); do
      [[ -n $(side "$b.$i.on") || -n $(side "$b.$i.off") ]] || break
      if ((i % 2)); then echo "$(side "$b.$((i - 1)).off") $(side "$b.$i.on") regressed"
        ((i >= 3)) && echo "$(side "$b.$((i - 2)).on") $(side "$b.$i.on") unchanged"
      else echo "$(side "$b.$((i - 1)).on") $(side "$b.$i.off") improved"; echo "$(side "$b.$((i - 2)).off") $(side "$b.$i.off") unchanged"; fi
    done
  done
done | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
