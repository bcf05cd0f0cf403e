using System.Globalization;
using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// Puts a result's times on the baseline's machine speed before they are compared. Each run's times (and CPU) are
/// scaled by (baseline walk / the run's walk) ^ elasticity, the walk being <see cref="Measurement.MachineSpeed"/>'s
/// mean during the run: neither test within a run (window bootstrap, runs of one start) can see a difference that
/// lasts a whole start. How much latency follows the walk differs from day to day (docs/verdicts.md, "Two starts of the
/// same system" and "Sequential calls, five starts a side"), so with several starts a side the comparison fits it on
/// them (<see cref="Fitted"/>); with fewer, on the runs' one-second windows (<see cref="WindowElasticity"/>) when the
/// runs timed the walk per window, else it takes <see cref="DefaultElasticity"/>, the fit of the first of those.
/// </summary>
public static class MachineSpeedAdjustment
{
    public const double DefaultElasticity = 0.4;

    /// <summary>
    /// A walk that moved less than this (%) between the sides gets no warning: the bar it had when it followed the
    /// threshold's old default; the walk moves by more than today's 5 % between many starts, and a warning every time says nothing.
    /// </summary>
    public const double WorthAWarningPercent = 15;

    /// <summary>Starts a side below which the elasticity is not fitted: a slope over fewer points is mostly noise.</summary>
    public const int StartsToFit = 3;

    /// <summary>
    /// How much p50 followed the walk among the runs of each side, each side a group of <see cref="ElasticityFit"/>
    /// (so that a change that moves both the latency and the walk does not count); null when either side has fewer
    /// than <see cref="StartsToFit"/> starts or the walk did not vary.
    /// </summary>
    public static ElasticityFit? Fitted(RunResult baseline, RunResult current, int baselineStarts, int currentStarts) =>
        Math.Min(baselineStarts, currentStarts) < StartsToFit ? null : ElasticityFit.Of([Logs(baseline), Logs(current)]);

    private static IReadOnlyList<(double Walk, double P50)> Logs(RunResult result) =>
        result.Runs
            .Select(r => (Walk: Value(r, ResultBuilder.MachineWalkMetric), P50: Value(r, "latency_p50_ms")))
            .Where(v => v.Walk > 0 && v.P50 > 0)
            .Select(v => (Math.Log(v.Walk), Math.Log(v.P50)))
            .ToList();

    /// <summary>The baseline's walk (median over its runs), or null when either side did not time it.</summary>
    public static double? Reference(RunResult baseline, RunResult current) =>
        Walk(baseline) is { } reference && reference > 0 && Walk(current) is > 0 ? reference : null;

    /// <summary>How much slower (positive) the machine ran during <paramref name="current"/> than during the baseline, in percent.</summary>
    public static double Change(RunResult current, double reference) => (Walk(current)!.Value - reference) / reference * 100;

    /// <summary>The result with each run's times and CPU scaled to the reference walk; runs without a walk stay as they are.</summary>
    public static RunResult Adjust(RunResult result, double reference, double elasticity)
    {
        var runs = result.Runs.Select(run => run.Metrics.TryGetValue(ResultBuilder.MachineWalkMetric, out var walk) && walk.Value > 0
            ? Scale(run, Math.Pow(reference / walk.Value, elasticity), Scaled)
            : run).ToList();
        // The headline figures are the runs' medians, as ResultBuilder.Combine makes them.
        var metrics = new SortedDictionary<string, Metric>(result.Metrics, StringComparer.Ordinal);
        foreach (var name in metrics.Keys.Where(Scaled).ToList())
        {
            metrics[name] = metrics[name] with
            {
                Value = Math.Round(ResultBuilder.Median(runs.Where(r => r.Metrics.ContainsKey(name)).Select(r => r.Metrics[name].Value)), 6),
            };
        }
        return result with { Metrics = metrics, Runs = runs };
    }

    public static string Warning(RunResult current, double reference, double elasticity)
    {
        var change = Change(current, reference);
        return string.Create(CultureInfo.InvariantCulture,
            $"The machine itself ran {Math.Abs(change):0.#}% {(change > 0 ? "slower" : "faster")} during this run than during the baseline (a walk through memory took {Walk(current):0.###} ms against {reference:0.###} ms): its times and CPU are compared at the baseline's machine speed (× {Math.Pow(reference / Walk(current)!.Value, elasticity):0.###}, elasticity {elasticity:0.##}).");
    }

    private static double? Walk(RunResult r)
    {
        var walks = r.Runs.Where(x => x.Metrics.ContainsKey(ResultBuilder.MachineWalkMetric)).Select(x => Value(x, ResultBuilder.MachineWalkMetric)).ToList();
        return walks.Count > 0 ? ResultBuilder.Median(walks) : null;
    }

    private static double Value(RunSummary run, string metric) => run.Metrics.TryGetValue(metric, out var m) ? m.Value : 0;

    // Times and CPU move with the machine; counts, rates, ratios and the walk itself do not.
    private static bool Scaled(string name) =>
        name != ResultBuilder.MachineWalkMetric && (name.EndsWith("_ms", StringComparison.Ordinal) || name.EndsWith(".cores", StringComparison.Ordinal));

    /// <summary>The run with the metrics <paramref name="which"/> picks and every window's latencies multiplied by <paramref name="factor"/>.</summary>
    public static RunSummary Scale(RunSummary run, double factor, Func<string, bool> which)
    {
        var metrics = new SortedDictionary<string, Metric>(
            run.Metrics.ToDictionary(m => m.Key, m => which(m.Key) ? m.Value with { Value = m.Value.Value * factor } : m.Value), StringComparer.Ordinal);
        var windows = run.TimeSeries.Select(w => w with
        {
            Histogram = w.Histogram.Select(b => new[] { (long)Math.Round(b[0] * factor), b[1] }).ToArray(),
        }).ToList();
        return run with { Metrics = metrics, TimeSeries = windows };
    }
}
