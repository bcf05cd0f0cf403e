using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// Two sweeps judged by their knees, the highest rate each system held within the SLO. A defect that costs CPU per
/// request shows in latency only near saturation, where a single run's latency is at its noisiest; the rate at which
/// the system stops holding its SLO moves with that cost directly.
/// </summary>
/// <param name="BaselineKnee">The baseline's knee; with several sweeps a side, the geometric mean of their knees.</param>
/// <param name="BaselineBroke">Whether the baseline found a rate it could not hold (every sweep of it did); if not, its knee is only a lower bound.</param>
/// <param name="BaselineSweeps">How many sweeps (each of a separate start of the system) the baseline's knee is made of.</param>
public sealed record KneeComparison(
    string Baseline, double? BaselineKnee, double? CurrentKnee, bool BaselineBroke, bool CurrentBroke, double? ChangePercent,
    double ThresholdPercent, string Verdict, string Reason, int BaselineSweeps = 1, int CurrentSweeps = 1);

public static class KneeComparer
{
    /// <summary>
    /// How far the knee of one unchanged system moves between two starts: the SD of its logarithm, in %, over fresh
    /// systems with nothing changed (docs/verdicts.md). A change counts only beyond what the two sides' mean knees would
    /// differ by 19 times in 20 with nothing changed (±1.96 × √(1/n + 1/m) of it for n and m sweeps a side: ±1.96 × √2
    /// of it for one a side); near its knee a 2-core machine runs out of CPU for the load generator and the system
    /// alike, and where that happens moves from start to start.
    /// </summary>
    public const double BetweenStartsPercent = 20;

    /// <summary>The factor two starts of one system differ by at most, 19 times in 20: one sweep a side.</summary>
    public static double BetweenStartsFactor => BetweenStartsFactorOf(1, 1);

    /// <summary>The factor the mean knees of <paramref name="baselineSweeps"/> and <paramref name="currentSweeps"/> starts of one system differ by at most, 19 times in 20.</summary>
    public static double BetweenStartsFactorOf(int baselineSweeps, int currentSweeps) => Math.Exp(BetweenStartsLog(baselineSweeps, currentSweeps));

    // The same bound as the logarithm of the knees' ratio.
    private static double BetweenStartsLog(int baselineSweeps, int currentSweeps) =>
        Statistics.BetweenStartsBound(BetweenStartsPercent / 100, baselineSweeps, currentSweeps);

    public static KneeComparison Compare(SweepResult baseline, SweepResult current, double thresholdPercent, string baselineName) =>
        Compare([baseline], [current], thresholdPercent, baselineName);

    /// <summary>
    /// The knees of several sweeps a side (each of a separate start), judged by their geometric means: the spread
    /// between starts is a spread of the logarithm, and the allowance for it shrinks with the number of sweeps.
    /// </summary>
    public static KneeComparison Compare(IReadOnlyList<SweepResult> baseline, IReadOnlyList<SweepResult> current, double thresholdPercent, string baselineName)
    {
        ArgumentOutOfRangeException.ThrowIfZero(baseline.Count);
        ArgumentOutOfRangeException.ThrowIfZero(current.Count);
        var (n, m) = (baseline.Count, current.Count);
        var (a, b) = (MeanKnee(baseline), MeanKnee(current));
        var (aBroke, bBroke) = (baseline.All(Broke), current.All(Broke));
        KneeComparison Verdict(double? change, string verdict, string reason) =>
            new(baselineName, a, b, aBroke, bBroke, change, thresholdPercent, verdict, reason, n, m);

        if (a is not { } from || b is not { } to)
            return Verdict(null, "inconclusive", $"{(a is null ? "the baseline" : "this side")} has a sweep that held no rate within the SLO: start it lower (--from)");
        var change = Math.Round((to / from - 1) * 100, 2);
        var bound = BetweenStartsLog(n, m);
        if (Math.Abs(Math.Log(to / from)) <= bound && Math.Abs(change) >= thresholdPercent)
            return Verdict(change, "unchanged", n == 1 && m == 1
                ? $"the knee moved {change:+0.#;-0.#} %, within what two starts of one system differ by (a factor of {Math.Exp(bound):0.##}): one sweep a side cannot tell a change this small from another start"
                : $"the mean knee moved {change:+0.#;-0.#} %, within what the means of {n} and {m} starts of one system differ by (a factor of {Math.Exp(bound):0.##}): more sweeps a side could tell a change this small from the spread between starts");
        var knee = n == 1 && m == 1 ? "the knee" : $"the mean knee ({n} and {m} sweeps)";
        // A sweep that never broke only says its system holds at least its knee: it can be the better side, never the worse.
        if (change <= -thresholdPercent && bBroke)
            return Verdict(change, "regressed", $"{knee} fell from {from:0.#}/s to {to:0.#}/s, beyond the ±{thresholdPercent:0.#} % threshold and what {Starts(n, m)} differ by");
        if (change >= thresholdPercent && aBroke)
            return Verdict(change, "improved", $"{knee} rose from {from:0.#}/s to {to:0.#}/s, beyond the ±{thresholdPercent:0.#} % threshold and what {Starts(n, m)} differ by");
        if (!aBroke && !bBroke)
            return Verdict(change, "inconclusive", "neither side found a rate its system could not hold in every sweep: raise --to");
        if (Math.Abs(change) >= thresholdPercent)
            return Verdict(change, "inconclusive", $"{knee} moved {change:+0.#;-0.#} %, but the side that would be worse has a sweep that never broke, so its knee is only a lower bound: raise --to");
        return Verdict(change, "unchanged", $"the knees differ by {change:+0.#;-0.#;0} %, within the ±{thresholdPercent:0.#} % threshold");

        static string Starts(int n, int m) => n == 1 && m == 1 ? "two starts" : $"the means of {n} and {m} starts";
    }

    /// <summary>Why two sweeps cannot be compared (different scenario, step or SLO), or null when they can.</summary>
    public static string? Mismatch(SweepResult a, SweepResult b) =>
        a.Config.ComparableKey != b.Config.ComparableKey ? $"the sweeps differ in configuration: {a.Config.ComparableKey} vs {b.Config.ComparableKey}"
        : a.SloP99Ms != b.SloP99Ms || a.SloErrorRate != b.SloErrorRate
            ? $"the sweeps differ in their SLO: p99 {a.SloP99Ms} ms, errors {a.SloErrorRate:P2} vs p99 {b.SloP99Ms} ms, errors {b.SloErrorRate:P2}"
        : null;

    // The geometric mean of the knees; null when a sweep has none.
    private static double? MeanKnee(IReadOnlyList<SweepResult> sweeps) =>
        sweeps.Any(s => s.Knee is null) ? null : sweeps.Count == 1 ? sweeps[0].Knee : Math.Round(Math.Exp(sweeps.Average(s => Math.Log(s.Knee!.Value))), 1);

    // A rate broke when every attempt at it broke (a re-measurement that held makes it hold).
    private static bool Broke(SweepResult sweep) => sweep.Steps.GroupBy(s => s.Rate).Any(rate => rate.All(s => !s.Pass));
}
