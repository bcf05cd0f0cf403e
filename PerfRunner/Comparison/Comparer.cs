using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// A change counts only when it is beyond the threshold in percent AND statistically significant (α = 0.05) AND beyond
/// what the starts of one system differ by (<see cref="StartSpread"/>, shrinking with the number of starts a side):
/// Mann–Whitney U over the per-run values when both sides have several runs of one start, Student's t on their logs when
/// each run is a start of its own (with three or more a side that timed the machine's walk, the walk as a covariate:
/// <see cref="WalkAdjustedChange"/>; else Welch's), else a block bootstrap over one-second windows whose interval is
/// widened by that spread. Runs of one start (`--repeat`) vary less among themselves than starts do, so over them
/// Mann–Whitney alone would call the difference between two starts a change.
/// The others are tested on times put at the baseline's machine speed (<see cref="MachineSpeedAdjustment"/>, its
/// elasticity fitted on the starts when there are three or more a side, else on the runs' windows, else assumed), and
/// a verdict stands only when it holds across that fit's 95 % interval, or, without a fit, on the times as measured
/// too: how much latency follows the machine differs from day to day and metric to metric, so the walk may explain a
/// change away but never make one.
/// More errors is a regression whatever the latency did. The net change follows from the verdicts.
/// </summary>
public static class Comparer
{
    public const double Alpha = 0.05;

    /// <summary>Metrics whose verdicts make the net change; the others are shown for diagnosis.</summary>
    public static readonly string[] Primary =
        ["latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_p99_9_ms", "throughput_per_s", "error_rate"];

    /// <summary>Tail percentiles rest on few samples; below these counts they get no verdict.</summary>
    private static readonly Dictionary<string, long> MinimumSamples = new()
    {
        ["latency_p99_ms"] = 1_000,
        ["latency_p99_9_ms"] = 10_000,
    };

    /// <param name="baselineStarts">How many starts of the system the baseline's runs come from (one per result merged).</param>
    /// <param name="currentStarts">The same for the current side.</param>
    public static ComparisonResult Compare(
        RunResult baseline, RunResult current, double thresholdPercent, string baselineName, int baselineStarts = 1, int currentStarts = 1)
    {
        var repeated = baseline.Runs.Count >= 2 && current.Runs.Count >= 2;
        // Runs that are each a start of their own differ as starts do, roughly log-normally (docs/verdicts.md); the
        // t-test on their logs reaches p < 0.05 with three a side, where Mann–Whitney needs four.
        var test = !repeated ? Test.Windows
            : baseline.Runs.Count == baselineStarts && current.Runs.Count == currentStarts ? Test.Starts : Test.Runs;
        var warnings = new List<string>();
        if (!baseline.Validity.Valid)
        {
            warnings.Add("The baseline run is invalid: " + string.Join("; ", baseline.Validity.Reasons));
        }
        if (!current.Validity.Valid)
        {
            warnings.Add("This run is invalid: " + string.Join("; ", current.Validity.Reasons));
        }
        if (baseline.Config.ComparableKey != current.Config.ComparableKey)
        {
            warnings.Add($"Compared although the configurations differ (forced): baseline {baseline.Config.ComparableKey}; this run {current.Config.ComparableKey}");
        }
        if (test == Test.Runs && Math.Min(baseline.Runs.Count, current.Runs.Count) < 4)
        {
            warnings.Add("With fewer than 4 runs per side the Mann–Whitney test cannot reach p < 0.05: nothing can be called significant. Use --repeat 5.");
        }
        foreach (var (side, result) in new[] { ("The baseline's", baseline), ("This run's", current) })
        {
            if (Drift.Describe(result) is { } drift)
            {
                warnings.Add($"{side} runs drift ({drift}): the system was still changing between runs, so the runs are not repeats of one state. Use a longer --warmup.");
            }
        }
        var spread = StartSpread.For(baseline.Config.Scenario);
        var reference = MachineSpeedAdjustment.Reference(baseline, current);
        var onStarts = reference is null ? null : MachineSpeedAdjustment.Fitted(baseline, current, baselineStarts, currentStarts);
        // Starts that each timed the walk: each metric is tested with the walk as a covariate (WalkAdjustedChange), and
        // no elasticity chosen beforehand can move its verdict.
        var covariate = test == Test.Starts && onStarts is not null && baseline.Runs.Concat(current.Runs).All(TimedTheWalk);
        var starts = new Starts(spread.Sd, baselineStarts, currentStarts, covariate, baseline, current);
        var method = test switch
            {
                Test.Starts when covariate => "t-test over the starts' log values with the machine's walk as covariate (a mean per side, a slope per metric)",
                Test.Starts => "welch t-test over the starts' log values",
                Test.Runs => "mann-whitney over runs",
                _ => "block bootstrap over 1 s windows (single-run estimate)",
            } +
            $", allowing for {spread.Source} ({baselineStarts} start{(baselineStarts > 1 ? "s" : "")} against {currentStarts})" +
            (SharedProcesses.Of(baseline, current) is { Restarted.Count: > 0, Shared.Count: > 0 } processes
                ? $"; {string.Join(", ", processes.Restarted)} started anew between runs, {string.Join(", ", processes.Shared)} the same processes throughout"
                : "");
        List<MetricComparison> AsMeasured() => Judge(baseline, current, thresholdPercent, test, method, starts);
        List<MetricComparison> results;
        if (reference is not { } walk)
        {
            results = AsMeasured();
        }
        else
        {
            var fit = onStarts ?? WindowElasticity.Of(baseline, current);
            var elasticity = fit?.Elasticity ?? MachineSpeedAdjustment.DefaultElasticity;
            var basis = onStarts is not null ? "these starts" : FormattableString.Invariant($"the runs' {fit?.Points} windows");
            method += covariate
                ? FormattableString.Invariant($"; times shown at the baseline's machine speed with elasticity {elasticity:0.##}, p50's fitted on these starts")
                : FormattableString.Invariant($"; times at the baseline's machine speed with elasticity {elasticity:0.##}") +
                  (fit is null ? "" : FormattableString.Invariant(
                      $", fitted on {basis}; a verdict must hold at elasticity {fit.Low:0.##} to {fit.High:0.##} too (the fit's 95 % interval)"));
            if (Math.Abs(MachineSpeedAdjustment.Change(current, walk)) > MachineSpeedAdjustment.WorthAWarningPercent)
            {
                warnings.Add(MachineSpeedAdjustment.Warning(current, walk, elasticity));
            }
            results = JudgeAt(elasticity);
            // Without a fit, how much latency follows the machine is too uncertain to make a verdict that the times as
            // measured do not give; with one, the verdict must hold wherever the fit allows.
            IEnumerable<double> bounds = covariate ? [] : fit is null ? [0.0] : new[] { fit.Low, fit.High }.Where(b => b != elasticity).Distinct();
            foreach (var bound in bounds)
            {
                var other = (bound == 0 ? AsMeasured() : JudgeAt(bound)).ToDictionary(r => r.Metric);
                var at = bound == 0 ? "as measured" : FormattableString.Invariant($"at elasticity {bound:0.##}");
                results = results.Select(r => r.Verdict is "regressed" or "improved" && other.TryGetValue(r.Metric, out var m) && m.Verdict != r.Verdict
                        ? r with { Verdict = "unchanged", Note = $"{r.Verdict} only at the baseline's machine speed; {at} {m.Verdict} ({m.ChangePercent:+0.##;-0.##}%)" }
                        : r)
                    .ToList();
            }

            List<MetricComparison> JudgeAt(double e) => Judge(MachineSpeedAdjustment.Adjust(baseline, walk, e),
                MachineSpeedAdjustment.Adjust(current, walk, e), thresholdPercent, test, method, starts);
        }

        var improvements = results.Count(r => Primary.Contains(r.Metric) && r.Verdict == "improved");
        var regressions = results.Count(r => Primary.Contains(r.Metric) && r.Verdict == "regressed");
        var net = regressions > 0 ? "regressed" : improvements > 0 ? "improved" : "unchanged";
        return new ComparisonResult(baselineName, method, thresholdPercent, results, improvements, regressions, net, warnings);
    }

    private static List<MetricComparison> Judge(
        RunResult baseline, RunResult current, double thresholdPercent, Test test, string method, Starts starts)
    {
        var intervals = test != Test.Windows ? null : WindowBootstrap.ChangeIntervals(Measured(baseline), Measured(current));
        var results = new List<MetricComparison>();
        foreach (var (name, b) in baseline.Metrics)
        {
            if (!current.Metrics.TryGetValue(name, out var c))
            {
                continue;
            }
            var primary = Primary.Contains(name);
            var change = b.Value != 0 ? Math.Round((c.Value - b.Value) / Math.Abs(b.Value) * 100, 2) : (double?)null;
            results.Add(name == "error_rate"
                ? CompareErrors(baseline, current)
                : CompareValue(name, b, c, change, primary, test, thresholdPercent, baseline, current, intervals, method, starts));
        }
        return results;
    }

    private static MetricComparison CompareValue(
        string name, Metric b, Metric c, double? change, bool primary, Test test, double threshold,
        RunResult baseline, RunResult current, Dictionary<string, (double Low, double High)>? intervals, string method, Starts starts)
    {
        var startsBound = starts.Bound(name);
        if (MinimumSamples.TryGetValue(name, out var minimum))
        {
            var fewest = Math.Min(baseline.Runs.Min(r => r.Latency.Count), current.Runs.Min(r => r.Latency.Count));
            if (fewest < minimum)
            {
                return new(name, b.Unit, b.Better, b.Value, c.Value, change, "not compared", method, null, null, null,
                    $"a run has {fewest} samples; this percentile needs {minimum:N0}");
            }
        }
        double? p = null, low = null, high = null;
        bool significant;
        string? note = null;
        WalkAdjustedChange? onWalk = null;
        if (test != Test.Windows)
        {
            // On the times as measured: the change and its test are the same at any speed they were put at, the slope is not.
            onWalk = starts.Covariate && b.Better != "none" ? WalkAdjustedChange.Of(OnWalk(starts.MeasuredBaseline, name), OnWalk(starts.MeasuredCurrent, name)) : null;
            if (onWalk is not null)
            {
                (change, p, low, high) = (onWalk.ChangePercent, Math.Round(onWalk.P, 4), onWalk.LowPercent, onWalk.HighPercent);
            }
            else
            {
                var (before, after) = (Values(baseline, name), Values(current, name));
                p = Math.Round(test == Test.Starts && b.Better != "none" ? Statistics.WelchLogP(before, after) : Statistics.MannWhitneyP(before, after), 4);
            }
            var beyondStarts = change is { } pct && Math.Abs(pct) > startsBound;
            significant = p < Alpha && beyondStarts;
            note = p < Alpha && !beyondStarts ? $"within what starts differ by (±{startsBound:0.#}%)" : null;
            if (onWalk is not null)
            {
                note = FormattableString.Invariant($"at one machine speed (this metric's elasticity {onWalk.Elasticity:0.##}), 95% CI {low:0.#}% … {high:0.#}%") +
                    (note is null && !significant ? "; not significant" : note is null ? "" : "; " + note);
            }
        }
        else if (intervals is not null && intervals.TryGetValue(name, out var ci))
        {
            var (centre, half) = ((ci.High + ci.Low) / 2, (ci.High - ci.Low) / 2);
            half = Math.Sqrt(half * half + startsBound * startsBound);
            (low, high) = (Math.Round(centre - half, 2), Math.Round(centre + half, 2));
            significant = low > 0 || high < 0;
        }
        else
        {
            return new(name, b.Unit, b.Better, b.Value, c.Value, change, "not tested", method, null, null, null,
                "server-side and diagnostic metrics are tested only with --repeat");
        }
        var verdict = Verdict(b.Better, change, threshold, significant);
        return new(name, b.Unit, b.Better, b.Value, c.Value, change, primary || test != Test.Windows ? verdict : "not tested",
            method, p, low, high, significant && onWalk is null ? null : note ?? "not significant");
    }

    private static string Verdict(string better, double? change, double threshold, bool significant)
    {
        if (change is not { } pct || !significant || Math.Abs(pct) <= threshold || better == "none")
        {
            return "unchanged";
        }
        var worse = better == "lower" ? pct > 0 : pct < 0;
        return worse ? "regressed" : "improved";
    }

    private static MetricComparison CompareErrors(RunResult baseline, RunResult current)
    {
        var ((fb, tb), (fc, tc)) = (baseline.Failures, current.Failures);
        var p = Math.Round(Statistics.TwoProportionP(fb, tb, fc, tc), 4);
        var rateB = tb > 0 ? (double)fb / tb : 0;
        var rateC = tc > 0 ? (double)fc / tc : 0;
        // Errors appearing where there were none is always worth a look, significant or not.
        var verdict = fc > 0 && fb == 0 ? "regressed"
            : rateC > rateB && p < Alpha ? "regressed"
            : rateC < rateB && p < Alpha ? "improved"
            : "unchanged";
        var note = fc > 0 && fb == 0 ? $"{fc} failed iterations where the baseline had none" : $"{fb}/{tb} vs {fc}/{tc} failed";
        // Pooled over all runs (not the median of per-run rates), so the figures shown are the ones tested.
        var pooledChange = rateB > 0 ? Math.Round((rateC - rateB) / rateB * 100, 2) : (double?)null;
        return new("error_rate", "ratio", "lower", Math.Round(rateB, 6), Math.Round(rateC, 6), rateB == 0 && rateC == 0 ? 0 : pooledChange,
            verdict, "two-proportion z-test over all runs", p, null, null, note);
    }

    /// <summary>What a metric's change is tested over: one-second windows of single runs, runs of the same starts, or starts.</summary>
    private enum Test { Windows, Runs, Starts }

    /// <summary>
    /// How far the starts of one system differ, per metric, for this many starts a side (percent), and the sides as
    /// measured, before their times were put at one machine speed, for the test with the walk as covariate.
    /// </summary>
    private sealed record Starts(
        IReadOnlyDictionary<string, double> Sd, int Baseline, int Current, bool Covariate, RunResult MeasuredBaseline, RunResult MeasuredCurrent)
    {
        public double Bound(string metric) => Statistics.BetweenStartsBound(Sd.GetValueOrDefault(metric), Baseline, Current);
    }

    private static bool TimedTheWalk(RunSummary run) =>
        run.Metrics.TryGetValue(ResultBuilder.MachineWalkMetric, out var walk) && walk.Value > 0;

    // Each run's walk and value; every run timed the walk where the covariate test is used.
    private static List<(double Walk, double Value)> OnWalk(RunResult r, string name) =>
        [.. r.Runs.Where(x => x.Metrics.ContainsKey(name)).Select(x => (x.Metrics[ResultBuilder.MachineWalkMetric].Value, x.Metrics[name].Value))];

    private static double[] Values(RunResult r, string name) =>
        r.Runs.Where(x => x.Metrics.ContainsKey(name)).Select(x => x.Metrics[name].Value).ToArray();

    private static List<Load.WindowPoint> Measured(RunResult r) =>
        r.Runs.SelectMany(x => x.TimeSeries.Where(w => !w.Warmup)).ToList();
}
