using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// How much latency followed the machine's speed second by second within the runs compared: the slope of each measured
/// window's log p50 on its log walk, every run centred on its own means (so that neither a change between the sides nor
/// a difference between starts counts), with its 95 % interval. A shared machine's speed swings within a run as it
/// does between runs, so the two runs' own windows say how far their times should be moved to the baseline's speed,
/// on the day and at the rate they were taken, instead of an elasticity fitted another day.
/// </summary>
public sealed record WindowElasticity(double Elasticity, double Low, double High, int Windows)
{
    /// <summary>Windows with fewer completed iterations than this give a p50 too coarse to fit on.</summary>
    public const int MinimumIterations = 20;

    /// <summary>Fewer windows than this over both sides give no fit.</summary>
    public const int MinimumWindows = 30;

    /// <summary>Null when the runs did not time the walk per window, had too few windows, or the walk did not vary.</summary>
    public static WindowElasticity? Of(RunResult baseline, RunResult current)
    {
        var runs = baseline.Runs.Concat(current.Runs).Select(Centred).Where(r => r.Count > 0).ToList();
        var points = runs.SelectMany(r => r).ToList();
        if (points.Count < MinimumWindows)
        {
            return null;
        }
        var sxx = points.Sum(p => p.Walk * p.Walk);
        if (sxx < 1e-9)
        {
            return null;
        }
        var slope = points.Sum(p => p.Walk * p.P50) / sxx;
        // One mean fitted per run and the slope: the residuals' degrees of freedom.
        var freedom = points.Count - runs.Count - 1;
        if (freedom < 1)
        {
            return null;
        }
        var residual = points.Sum(p => Math.Pow(p.P50 - slope * p.Walk, 2)) / freedom;
        var half = 1.96 * Math.Sqrt(residual / sxx);
        return new(Math.Round(Math.Clamp(slope, 0, 1), 3), Math.Round(Math.Clamp(slope - half, 0, 1), 3),
            Math.Round(Math.Clamp(slope + half, 0, 1), 3), points.Count);
    }

    private static List<(double Walk, double P50)> Centred(RunSummary run)
    {
        var logs = run.TimeSeries
            .Where(w => !w.Warmup && w.WalkMs > 0 && w.P50Ms > 0 && w.Completed >= MinimumIterations)
            .Select(w => (Walk: Math.Log(w.WalkMs!.Value), P50: Math.Log(w.P50Ms)))
            .ToList();
        if (logs.Count < 2)
        {
            return [];
        }
        var (walk, p50) = (logs.Average(l => l.Walk), logs.Average(l => l.P50));
        return [.. logs.Select(l => (l.Walk - walk, l.P50 - p50))];
    }
}
