#!/usr/bin/env python3
"""What k starts a side would have judged: single-start results (runs or sweeps, one file per fresh system) regrouped
k at a time and compared with `perfrunner compare a1,..,ak b1,..,bk`, as `SYSTEMS=k benchmarks/practice.sh` would.

Side A and side B are globs, several separated by commas (e.g. the "off" and "on" starts of benchmarks/practice.sh, or the "without" and "with"
starts of benchmarks/setting-starts.sh). For each of SAMPLES draws (seeded): a random group of k A starts against a
group of k B starts and back, and two disjoint groups of the same side (A/A and B/B, no start shared). Prints how
often each verdict came (runs: the net change; sweeps: the knees' verdict). The draws share starts, so the counts say
how often, not with what confidence.
Usage: benchmarks/start-groups.py K SAMPLES 'A-GLOB' 'B-GLOB'
e.g.   benchmarks/start-groups.py 2 40 'results/practice/ChattyLogging.*.off.sweep.json' 'results/practice/ChattyLogging.*.on.sweep.json'
COMPARE_ARGS (e.g. "--threshold 5") pass through to every compare. Needs PerfRunner built in Release (the benchmark
scripts build it).
PAIRS=1 prints the drawn pairs instead of judging them, as benchmarks/VerdictCheck reads them (B taken to be the slower
side: A → B expected regressed, B → A improved, A → A and B → B unchanged), so that every way of judging, and the
power against a known shift, can be tried on the same draws:
       PAIRS=1 benchmarks/start-groups.py 5 30 'A-GLOB' 'B-GLOB' | dotnet benchmarks/VerdictCheck/bin/Release/net10.0/VerdictCheck.dll
"""
import collections
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

k, samples = int(sys.argv[1]), int(sys.argv[2])
perfrunner = ["dotnet", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PerfRunner", "bin", "Release", "net10.0", "PerfRunner.dll")]
rng = random.Random(20261203)
sides = {name: sorted({p for pattern in patterns.split(",") for p in glob.glob(pattern) if ".vs." not in p})
         for name, patterns in zip("AB", sys.argv[3:5])}
for name, files in sides.items():
    if len(files) < 2 * k:
        sys.exit(f"side {name}: {len(files)} files, fewer than the {2 * k} that two disjoint groups of {k} need")


def judge(baseline, current):
    with tempfile.TemporaryDirectory() as directory:
        out = os.path.join(directory, "comparison.json")
        subprocess.run(perfrunner + ["compare", ",".join(baseline), ",".join(current), "--output", out] + os.environ.get("COMPARE_ARGS", "").split(),
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        comparison = json.load(open(out))["comparison"]
        return comparison.get("netChange") or comparison["verdict"]


pairs_only = os.environ.get("PAIRS") == "1"
verdicts = collections.defaultdict(collections.Counter)
for _ in range(samples):
    a, b = rng.sample(sides["A"], k), rng.sample(sides["B"], k)
    drawn = [("A → B", a, b, "regressed"), ("B → A", b, a, "improved")]
    for name, group in (("A", a), ("B", b)):
        drawn.append((f"{name} → {name}", group, rng.sample([p for p in sides[name] if p not in group], k), "unchanged"))
    for pair, baseline, current, expected in drawn:
        if pairs_only:
            print(f"{','.join(baseline)} {','.join(current)} {expected}")
        else:
            verdicts[pair][judge(baseline, current)] += 1
if pairs_only:
    sys.exit(0)

print(f"{k} a side, {samples} draws; A: {len(sides['A'])} starts ({sys.argv[3]}), B: {len(sides['B'])} ({sys.argv[4]})\n")
print("| pairs of groups | " + " | ".join(("regressed", "improved", "unchanged", "inconclusive")) + " |")
print("|---|---:|---:|---:|---:|")
for pair, counts in verdicts.items():
    print(f"| {pair} | " + " | ".join(str(counts[v]) for v in ("regressed", "improved", "unchanged", "inconclusive")) + " |")
