#!/usr/bin/env python3
"""The table of benchmarks/setting-starts.sh: per side (without / with the settings) the median latencies, the spread
between starts and the RSS per service; then the verdicts of the A/A and A/B pairs.

The spread between starts is the SD of the log of a latency over one side's starts, in per cent; "walk out" is the
same after taking out the machine's walk (machine_walk_ms beside the load) at the elasticity fitted over both sides
(each side centred on its own mean), so that a side measured while the host was noisier is not charged with it.
Usage: benchmarks/setting-starts.py OUTPUT-DIRECTORY "settings"
"""
import glob
import json
import math
import os
import statistics
import sys

LATENCIES = ("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")
WALK = "machine_walk_ms"
directory, settings = sys.argv[1], sys.argv[2]


def starts(side):
    rows = []
    paths = [p for p in glob.glob(os.path.join(directory, f"*.{side}.json")) if ".vs." not in p]
    for path in sorted(paths, key=lambda p: int(os.path.basename(p).split(".")[0])):
        result = json.load(open(path))
        metrics = {k: v["value"] for k, v in result["metrics"].items()}
        rss = dict(line.split() for line in open(path[:-len(".json")] + ".rss") if len(line.split()) == 2)
        rows.append({"metrics": metrics, "valid": result["validity"]["valid"], "rss": {k: int(v) for k, v in rss.items()}})
    return rows


def sd_percent(logs):
    return 100 * (math.exp(statistics.stdev(logs)) - 1) if len(logs) > 1 else float("nan")


sides = {side: starts(side) for side in ("without", "with")}


def logs(side, key):
    return [math.log(r["metrics"][key]) for r in sides[side] if r["metrics"].get(key, 0) > 0]


def elasticity(key):
    """Slope of log latency on log walk, both centred per side."""
    xs, ys = [], []
    for side in sides:
        rows = [r for r in sides[side] if r["metrics"].get(key, 0) > 0 and r["metrics"].get(WALK, 0) > 0]
        if len(rows) < 2:
            continue
        wx = [math.log(r["metrics"][WALK]) for r in rows]
        wy = [math.log(r["metrics"][key]) for r in rows]
        mx, my = statistics.mean(wx), statistics.mean(wy)
        xs += [x - mx for x in wx]
        ys += [y - my for y in wy]
    sxx = sum(x * x for x in xs)
    return sum(x * y for x, y in zip(xs, ys)) / sxx if sxx > 0 else 0.0


named = f"Settings: `{settings}`" if settings.strip() else "No settings: both sides the same, every pair an A/A pair"
print(f"{named}; {len(sides['without'])} starts without, {len(sides['with'])} with, alternating.\n")
print("| side | valid runs | " + " | ".join(f"{k[8:-3]} median (ms)" for k in LATENCIES)
      + " | " + " | ".join(f"{k[8:-3]} spread: measured / walk out" for k in LATENCIES) + " | walk (ms) | RSS per service, median (MB) |")
print("|---|---:|" + "---:|" * (2 * len(LATENCIES)) + "---|---|")
fitted = {key: elasticity(key) for key in LATENCIES}
for side, rows in sides.items():
    if not rows:
        continue
    medians = " | ".join(f"{statistics.median(r['metrics'][k] for r in rows):.2f}" for k in LATENCIES)
    spreads = []
    for key in LATENCIES:
        measured = logs(side, key)
        walked = [math.log(r["metrics"][key]) - fitted[key] * math.log(r["metrics"][WALK])
                  for r in rows if r["metrics"].get(key, 0) > 0 and r["metrics"].get(WALK, 0) > 0]
        spreads.append(f"{sd_percent(measured):.1f} / {sd_percent(walked):.1f} %")
    walks = [r["metrics"].get(WALK, 0) for r in rows]
    services = sorted({s for r in rows for s in r["rss"]})
    rss = ", ".join(f"{s} {statistics.median(r['rss'][s] for r in rows if s in r['rss']):.0f}" for s in services)
    print(f"| {side} | {sum(r['valid'] for r in rows)} of {len(rows)} | {medians} | {' | '.join(spreads)} | "
          f"{min(walks):.2f}-{max(walks):.2f} | {rss} |")
print("\nFitted elasticity on the walk: " + ", ".join(f"{k[8:-3]} {v:.2f}" for k, v in fitted.items()))

verdicts = [line.split() for line in open(os.path.join(directory, "verdicts.txt")) if line.strip()]
for kind, title in (("aa", "A/A (a start against the one two before it, same side)"), ("ab", "without → with")):
    pairs = [v for v in verdicts if v[0] == kind]
    if kind == "aa":
        for side in ("without", "with"):
            own = [v for v in pairs if v[1].endswith(side)]
            print(f"\n{title}, {side}: unchanged {sum(v[3] == 'unchanged' for v in own)} of {len(own)} "
                  f"({', '.join(v[3] for v in own)})")
    else:
        counts = {}
        for v in pairs:
            counts[v[3]] = counts.get(v[3], 0) + 1
        print(f"\n{title}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + f" of {len(pairs)}")
