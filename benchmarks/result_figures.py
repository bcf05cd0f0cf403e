"""What default-experience.sh and fight-floor.sh read back from their output directory to print their summaries."""
import json


def figures(out, name):
    """p50 / p95 / p99 (medians of a result's runs) and the worst max of one PerfRunner result, marked if invalid."""
    with open(f"{out}/{name}.json") as f:
        r = json.load(f)
    m = lambda k: r["metrics"][k]["value"]
    worst = max(run["latency"]["max"] for run in r["runs"])
    return f"p50 {m('latency_p50_ms'):.2f} / p95 {m('latency_p95_ms'):.2f} / p99 {m('latency_p99_ms'):.2f} / max {worst:.1f} ms" + \
        ("" if r["validity"]["valid"] else " (INVALID: " + "; ".join(r["validity"]["reasons"]) + ")")


def closed_loop(out):
    """The two wrk maxima of wrk.txt (one "URL requests/s" line each), in order."""
    with open(f"{out}/wrk.txt") as f:
        first, second = (float(line.split()[1]) for line in f)
    return first, second


def machine_cores(out):
    """Cores the whole machine used during the 1,000/s run (cpu-by-process.py's total)."""
    with open(f"{out}/cpu-1000.txt") as f:
        return float(dict(kv.split("=") for kv in f.read().split())["total"])
