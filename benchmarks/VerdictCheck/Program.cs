using Perfolizer.Mathematics.Common;
using EquivalenceResult = Perfolizer.Mathematics.Common.ComparisonResult;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using PerfRunner.Cli;
using PerfRunner.Comparison;
using PerfRunner.Results;

// How often each way of judging a pair of results gets it right: PerfRunner's comparison (net change) at several
// thresholds, with and without the machine's speed, and Perfolizer's Mann–Whitney equivalence test on the
// iterations' latencies. Reads "baseline.json current.json expected" lines (expected: regressed, improved or
// unchanged) from standard input, as benchmarks/verdicts.sh writes them from benchmarks/practice.sh's results; a side
// may be several results (comma-separated, one per start), judged as `compare` judges them.
var pairs = Console.In.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
    .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    .Select(p => new Pair(ResultFile.ReadMerged(p[0]), ResultFile.ReadMerged(p[1]), p[2],
        $"{Path.GetFileNameWithoutExtension(ResultFile.Paths(p[0])[0])} → {Path.GetFileNameWithoutExtension(ResultFile.Paths(p[1])[0])}",
        ResultFile.Paths(p[0]).Length, ResultFile.Paths(p[1]).Length))
    .ToList();

var methods = new List<(string Name, Func<Pair, RunResult, string> Judge)>();
foreach (var threshold in new[] { 5.0, 10.0, 15.0 })
{
    var name = $"PerfRunner, ±{threshold}%{(threshold == ComparisonOptions.DefaultThreshold ? " (the default)" : "")}";
    methods.Add(($"{name}, machine speed read",
        (p, c) => Comparer.Compare(p.Baseline, c, threshold, "b", p.BaselineStarts, p.CurrentStarts).NetChange));
    methods.Add(($"{name}, machine speed ignored",
        (p, c) => Comparer.Compare(WithoutMachine(p.Baseline), WithoutMachine(c), threshold, "b", p.BaselineStarts, p.CurrentStarts).NetChange));
}
methods.Add(($"Perfolizer Mann–Whitney equivalence, ±{ComparisonOptions.DefaultThreshold}%", (p, c) => Perfolizer(p.Baseline, c, ComparisonOptions.DefaultThreshold)));

Console.WriteLine("| method | off → on: regressed | on → off: improved | A/A: unchanged | A/A: false alarm |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, judge) in methods)
{
    var verdicts = pairs.Select(p => (p.Expected, Verdict: judge(p, p.Current))).ToList();
    string Share(string expected, string verdict) =>
        $"{verdicts.Count(v => v.Expected == expected && v.Verdict == verdict)} of {verdicts.Count(v => v.Expected == expected)}";
    var alarms = verdicts.Count(v => v.Expected == "unchanged" && v.Verdict is "regressed" or "improved");
    Console.WriteLine($"| {name} | {Share("regressed", "regressed")} | {Share("improved", "improved")} | {Share("unchanged", "unchanged")} | " +
                      $"{alarms} of {verdicts.Count(v => v.Expected == "unchanged")} |");
}

// What each false alarm of the default rested on: the metrics judged changed, with their change.
var alarmsByDefault = pairs.Where(p => p.Expected == "unchanged")
    .Select(p => (Pair: p, Comparison: Comparer.Compare(p.Baseline, p.Current, ComparisonOptions.DefaultThreshold, "b", p.BaselineStarts, p.CurrentStarts)))
    .Where(x => x.Comparison.NetChange != "unchanged").ToList();
if (alarmsByDefault.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"| A/A false alarm (±{ComparisonOptions.DefaultThreshold}%, machine speed read) | verdict | metrics judged changed |");
    Console.WriteLine("|---|---|---|");
    foreach (var (pair, comparison) in alarmsByDefault)
    {
        var changed = comparison.Metrics.Where(m => Comparer.Primary.Contains(m.Metric) && m.Verdict is "regressed" or "improved")
            .Select(m => $"{m.Metric} {m.ChangePercent:+0.0;-0.0}% [{m.CiLowPercent:0.0}, {m.CiHighPercent:0.0}]");
        Console.WriteLine($"| {pair.Names} | {comparison.NetChange} | {string.Join("; ", changed)} |");
    }
}

// Power: each A/A pair again with the current side made slower by a known share (every latency times 1 + shift), on
// top of the real noise between its two starts; how often each way of judging calls it regressed.
var same = pairs.Where(p => p.Expected == "unchanged").ToList();
if (same.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"| every latency of the current side × (of {same.Count} A/A pairs, regressed) | {string.Join(" | ", methods.Select(m => m.Name))} |");
    Console.WriteLine($"|---|{string.Concat(methods.Select(_ => "---:|"))}");
    foreach (var shift in new[] { 0.05, 0.10, 0.15, 0.20, 0.30 })
    {
        var cells = methods.Select(m => same.Count(p => m.Judge(p, Slower(p.Current, 1 + shift)) == "regressed"));
        Console.WriteLine($"| {1 + shift:0.00} | {string.Join(" | ", cells)} |");
    }
}

static RunResult Slower(RunResult r, double factor)
{
    static bool Latency(string name) => name.StartsWith("latency_", StringComparison.Ordinal);
    return r with
    {
        Metrics = new(r.Metrics.ToDictionary(m => m.Key, m => Latency(m.Key) ? m.Value with { Value = m.Value.Value * factor } : m.Value), StringComparer.Ordinal),
        Runs = r.Runs.Select(run => MachineSpeedAdjustment.Scale(run, factor, Latency)).ToList(),
    };
}

static RunResult WithoutMachine(RunResult r)
{
    SortedDictionary<string, Metric> Without(SortedDictionary<string, Metric> metrics) =>
        new(metrics.Where(m => m.Key != ResultBuilder.MachineWalkMetric).ToDictionary(), StringComparer.Ordinal);
    return r with { Metrics = Without(r.Metrics), Runs = r.Runs.Select(run => run with { Metrics = Without(run.Metrics) }).ToList() };
}

// Every measured iteration's latency (the histogram buckets' values, in ms), all runs of a side together.
static double[] Latencies(RunResult r) =>
    r.Runs.SelectMany(run => run.TimeSeries.Where(w => !w.Warmup))
        .SelectMany(w => w.Histogram.SelectMany(b => Enumerable.Repeat(b[0] / 1000.0, (int)b[1])))
        .ToArray();

static string Perfolizer(RunResult b, RunResult c, double threshold)
{
    var test = new SimpleEquivalenceTest(MannWhitneyTest.Instance);
    return test.Perform(new Sample(Latencies(c)), new Sample(Latencies(b)), Threshold.Parse($"{threshold}%"), SignificanceLevel.P05) switch
    {
        EquivalenceResult.Greater => "regressed",
        EquivalenceResult.Lesser => "improved",
        _ => "unchanged",
    };
}

/// <summary>A pair to judge: each side's results merged, and how many starts (result files) each side has.</summary>
internal sealed record Pair(RunResult Baseline, RunResult Current, string Expected, string Names, int BaselineStarts, int CurrentStarts);
