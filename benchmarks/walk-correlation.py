#!/usr/bin/env python3
"""How well the machine's walk explains the spread between fresh starts of an unchanged system.

Reads benchmarks/practice.sh result directories, where the "off" runs of one bottleneck are starts of one
configuration (with SYSTEMS=k, each of a step's k results), and benchmarks/setting-starts.sh ones, where each side's runs are (both sides, with empty settings).
Per bottleneck and pooled (each group's logs centred on its own mean), for p50, p90, p95, p99 and the mean latency
against the walk beside the load (machine_walk_ms): the correlation of the logs,
the fitted elasticity, and the spread between starts (SD of the log, %) as measured, scaled with PerfRunner's
elasticity (0.4) and scaled with the fitted one.
ON=1 adds practice.sh's "on" runs as groups of their own (each also one configuration).
Usage: benchmarks/walk-correlation.py results/practice [more directories]
       benchmarks/walk-correlation.py results/search-starts
"""
import glob
import json
import math
import os
import statistics
import sys

ELASTICITY = 0.4
LATENCIES = ("latency_p50_ms", "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_mean_ms")
WALK = "machine_walk_ms"


def off_runs(directory):
    groups = {}
    # practice.sh with SYSTEMS=k names a step's starts NAME.off.s1.json ... NAME.off.sk.json
    patterns = ("*.off.json", "*.off.s*.json", "*.with*.json") + (("*.on.json", "*.on.s*.json") if os.environ.get("ON") == "1" else ())
    for path in (p for pattern in patterns for p in glob.glob(os.path.join(directory, pattern))):
        if ".vs." in path or ".sweep." in path:
            continue
        name = os.path.basename(path).split(".")
        bottleneck = name[1] if name[0].isdigit() else name[0]
        if ".on." in path:
            bottleneck += " on"
        metrics = json.load(open(path))["metrics"]
        groups.setdefault(bottleneck, []).append({k: math.log(v["value"]) for k, v in metrics.items() if v["value"] > 0})
    return groups


def centred(rows, key):
    mean = statistics.mean(r[key] for r in rows)
    return [r[key] - mean for r in rows]


def fit(xs, ys):
    sxx = sum(x * x for x in xs)
    syy = sum(y * y for y in ys)
    sxy = sum(x * y for x, y in zip(xs, ys))
    if sxx == 0 or syy == 0:
        return None
    slope = sxy / sxx
    sd = lambda v: 100 * math.sqrt(sum(e * e for e in v) / max(1, len(v) - 1))
    return (sxy / math.sqrt(sxx * syy), slope, sd(ys),
            sd([y - ELASTICITY * x for x, y in zip(xs, ys)]), sd([y - slope * x for x, y in zip(xs, ys)]))


def main(directories):
    groups = {}
    for directory in directories:
        for name, rows in off_runs(directory).items():
            groups.setdefault(name, []).extend(rows)
    print("| starts of | latency | starts | correlation | elasticity | spread | at 0.4 | at the fitted |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for latency in LATENCIES:
        pooled_x, pooled_y = [], []
        for name, rows in sorted(groups.items()):
            rows = [r for r in rows if WALK in r and latency in r]
            if len(rows) < 3:
                continue
            xs, ys = centred(rows, WALK), centred(rows, latency)
            pooled_x += xs
            pooled_y += ys
            if (f := fit(xs, ys)) is not None:
                print(f"| {name} | {latency} | {len(rows)} | {f[0]:.2f} | {f[1]:.2f} | {f[2]:.1f} % | {f[3]:.1f} % | {f[4]:.1f} % |")
        if pooled_x and (f := fit(pooled_x, pooled_y)) is not None:
            print(f"| **all, each centred** | {latency} | {len(pooled_x)} | {f[0]:.2f} | {f[1]:.2f} | {f[2]:.1f} % | {f[3]:.1f} % | {f[4]:.1f} % |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: benchmarks/walk-correlation.py RESULT_DIRECTORY...")
    main(sys.argv[1:])
