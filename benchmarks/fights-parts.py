"""The summary of fights-parts.sh: per variant of the fights service, the medians over its rounds, the change against
the tree as it is, the rounds in which it was lower than the tree as it is in the same round, PerfRunner's verdict over
the rounds, the CPU per fight of its process, its closed-loop maximum with the cores the dashboard, the fights processes
and the whole machine took meanwhile, and its RSS.
Usage: fights-parts.py OUTPUT-DIRECTORY RATE NAME..."""
import glob
import json
import os
import statistics
import subprocess
import sys

out, rate, names = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
keys = ("p50", "p95", "p99", "max")
WARMUP_S = 5  # PerfRunner's default warm-up, ramping from a tenth of the rate: 0.55 of the rate on average


def runs(name):
    """Round number -> (latency figures, CPU ms per fight, path) of each measured round of a variant."""
    found = {}
    for path in glob.glob(os.path.join(out, f"{name}.*.json")):
        round_ = path[len(os.path.join(out, name)) + 1:-len(".json")]
        if not round_.isdigit():
            continue
        run = json.load(open(path))["runs"][0]
        latency = run["latency"]
        fights = latency["count"] + 0.55 * rate * WARMUP_S
        ticks = int(open(path[:-len(".json")] + ".ticks").read())
        found[int(round_)] = ({k: latency[k] for k in keys}, ticks * 1000 / os.sysconf("SC_CLK_TCK") / fights, path)
    return found


def verdict(base, current):
    """PerfRunner's net verdict of a variant's rounds against the tree as it is (Mann–Whitney over the runs)."""
    target = os.path.join(out, f"{current[0].split('/')[-1].split('.')[0]}.vs.as-is.json")
    subprocess.run(["dotnet", "PerfRunner/bin/Release/net10.0/PerfRunner.dll", "compare", ",".join(base), ",".join(current),
                    "--force", "--output", target], capture_output=True)
    try:
        return json.load(open(target))["comparison"]["netChange"]
    except (OSError, KeyError, ValueError):
        return "n/a"


def pairs(path):
    """Name -> the values of the lines "NAME VALUE" of a file, in order."""
    found = {}
    for line in open(os.path.join(out, path)):
        if len(line.split()) == 2:
            found.setdefault(line.split()[0], []).append(float(line.split()[1]))
    return found


wrk, rss = pairs("wrk.txt"), pairs("rss.txt")


def closed_loop_cores(name):
    """Medians over the closed-loop rounds: cores of the dashboard, of the fights processes and of the whole machine."""
    samples = [dict(kv.split("=") for kv in open(path).read().split()) for path in glob.glob(os.path.join(out, f"{name}.wrk*.cpu"))]
    if not samples:
        return ""
    core = lambda key: statistics.median(float(s.get(key, 0)) for s in samples)
    return f"{core('Aspire.Dashboard'):.2f} / {core('Fights.Api') + core('FightFloor'):.2f} / {core('total'):.2f}"

base = runs("as-is")
median = statistics.median
closed = lambda name: "/s, ".join(f"{v:,.0f}" for v in wrk.get(name, [])) + "/s" if name in wrk else ""

print(f"fights variants at {rate:g}/s, {len(base)} rounds of 20 s each (medians over rounds)\n")
print("| variant | p50 / p95 / p99 / max (ms) | p50 / p95 / p99 against as-is | rounds with p99 lower than as-is | verdict over the rounds | CPU per fight (ms, its process) | closed loop, wrk -t1 -c32, each round | meanwhile, cores: dashboard / fights / machine | RSS (MB) |")
print("|---|---|---|---:|---|---:|---:|---|---:|")
for name in names:
    found = runs(name)
    shown = " / ".join(f"{median([f[0][k] for f in found.values()]):.2f}" for k in keys)
    change = " / ".join(
        f"{median([f[0][k] for f in found.values()]) / median([b[0][k] for b in base.values()]) - 1:+.1%}" for k in keys[:3])
    shared = [r for r in found if r in base]
    lower = sum(found[r][0]["p99"] < base[r][0]["p99"] for r in shared)
    said = "" if name == "as-is" else verdict([base[r][2] for r in sorted(base)], [found[r][2] for r in sorted(found)])
    cpu = median([f[1] for f in found.values()])
    print(f"| {name} | {shown} | {'' if name == 'as-is' else change} | {'' if name == 'as-is' else f'{lower} of {len(shared)}'} "
          f"| {said} | {cpu:.2f} | {closed(name)} | {closed_loop_cores(name)} | {rss.get(name, [0])[0]:.0f} |")
