#!/usr/bin/env bash
# A change measured the way PerfRunner is meant to be used: the system at a git ref (the baseline) against the working
# tree (the change), each started fresh (Release) on a throwaway database, the same PerfRunner (the working tree's)
# driving both, --repeat runs per side, and the change compared with the baseline (Mann–Whitney over the runs).
# Usage: benchmarks/perfrunner-ab.sh BASELINE-REF [scenario] [rate] [repeat] [warm-up] [output-directory]
# e.g.   benchmarks/perfrunner-ab.sh 0bb52d8 execute-fight 150 5 10s
# Every side traces 1 % of iterations (PerfRunner's --traced, which the services' parent-based samplers follow, and
# Telemetry__TraceSampleRatio for anything else) unless TRACE_RATIO says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: perfrunner-ab.sh BASELINE-REF [scenario] [rate] [repeat] [warm-up] [output-directory]}
scenario=${2:-execute-fight}
rate=${3:-150}
repeat=${4:-5}
warmup=${5:-10s}
out=$(realpath -m "${6:-results/ab}")
ratio=${TRACE_RATIO:-0.01}
traced="$(awk -v r="$ratio" 'BEGIN { print r * 100 }')%"
here=$PWD
worktree=$(mktemp -d /tmp/superheroes-ab-XXXX)
trap 'git -C "$here" worktree remove --force "$worktree" 2>/dev/null || true' EXIT
git worktree add --detach --force "$worktree" "$ref" > /dev/null
dotnet build PerfRunner -c Release -v q -nologo > /dev/null
perfrunner="dotnet $here/PerfRunner/bin/Release/net10.0/PerfRunner.dll"
mkdir -p "$out"

# $1 = source tree, $2 = name; the rest goes to PerfRunner
side() {
  local tree=$1 name=$2; shift 2
  (
    cd "$tree"
    health_port=8004
    # The working tree's start and stop helpers, whatever the baseline ref holds.
    source "$here/benchmarks/apphost.sh"
    start_apphost "$out/$name.apphost.log" Telemetry__TraceSampleRatio="$ratio"
    # JIT and pools warm up before the first measured run (PerfRunner's own warm-up ramps on top of this).
    $perfrunner run --scenario "$scenario" --traced "$traced" --rps "$rate" --duration 15s --warmup 5s --no-progress \
      --output "$out/$name.warmup.json" --report "$out/$name.warmup.md" > /dev/null
    $perfrunner run --scenario "$scenario" --traced "$traced" --rps "$rate" --duration 20s --warmup "$warmup" --repeat "$repeat" \
      --no-progress --output "$out/$name.json" --report "$out/$name.md" "$@"
  )
}

side "$worktree" baseline
side "$here" change --baseline "$out/baseline.json"
echo "reports: $out/baseline.md, $out/change.md (the comparison is in change.md)"
