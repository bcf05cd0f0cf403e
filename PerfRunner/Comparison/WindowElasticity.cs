using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// How much latency followed the machine's speed second by second within the runs compared: <see cref="ElasticityFit"/>
/// over each measured window's log p50 and log walk, every run a group of its own. It is the only fit one start a side
/// allows, but a window's walk is the mean of a few timings, and their noise dilutes the slope: on the day measured it was
/// a seventh to a half of the slope across the same runs' starts (docs/verdicts.md).
/// </summary>
public static class WindowElasticity
{
    /// <summary>Windows with fewer completed iterations than this give a p50 too coarse to fit on.</summary>
    public const int MinimumIterations = 20;

    /// <summary>Fewer windows than this over both sides give no fit.</summary>
    public const int MinimumWindows = 30;

    /// <summary>Null when the runs did not time the walk per window, had too few windows, or the walk did not vary.</summary>
    public static ElasticityFit? Of(RunResult baseline, RunResult current)
    {
        var fit = ElasticityFit.Of(baseline.Runs.Concat(current.Runs).Select(Logs));
        return fit is { Points: >= MinimumWindows } ? fit : null;
    }

    private static IReadOnlyList<(double Walk, double P50)> Logs(RunSummary run) =>
        run.TimeSeries
            .Where(w => !w.Warmup && w.WalkMs > 0 && w.P50Ms > 0 && w.Completed >= MinimumIterations)
            .Select(w => (Math.Log(w.WalkMs!.Value), Math.Log(w.P50Ms)))
            .ToList();
}
