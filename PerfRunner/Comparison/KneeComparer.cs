using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// Two sweeps judged by their knees, the highest rate each system held within the SLO. A defect that costs CPU per
/// request shows in latency only near saturation, where a single run's latency is at its noisiest; the rate at which
/// the system stops holding its SLO moves with that cost directly.
/// </summary>
/// <param name="BaselineBroke">Whether the baseline found a rate it could not hold; if not, its knee is only a lower bound.</param>
public sealed record KneeComparison(
    string Baseline, double? BaselineKnee, double? CurrentKnee, bool BaselineBroke, bool CurrentBroke, double? ChangePercent,
    double ThresholdPercent, string Verdict, string Reason);

public static class KneeComparer
{
    /// <summary>
    /// How far the knee of one unchanged system moves between two starts: the SD of its logarithm, in %, over fresh
    /// systems with nothing changed (docs/verdicts.md). One sweep a side counts a change only beyond what two starts
    /// differ by 19 times in 20 (±1.96 × √2 of it); near its knee a 2-core machine runs out of CPU for the load
    /// generator and the system alike, and where that happens moves from start to start.
    /// </summary>
    public const double BetweenStartsPercent = 20;

    // The same bound as the logarithm of the knees' ratio.
    private static readonly double BetweenStartsLog = 1.96 * Math.Sqrt(2) * BetweenStartsPercent / 100;

    /// <summary>The factor two starts of one system differ by at most, 19 times in 20.</summary>
    public static double BetweenStartsFactor => Math.Exp(BetweenStartsLog);

    public static KneeComparison Compare(SweepResult baseline, SweepResult current, double thresholdPercent, string baselineName)
    {
        var (a, b) = (baseline.Knee, current.Knee);
        var (aBroke, bBroke) = (Broke(baseline), Broke(current));
        KneeComparison Verdict(double? change, string verdict, string reason) =>
            new(baselineName, a, b, aBroke, bBroke, change, thresholdPercent, verdict, reason);

        if (a is not { } from || b is not { } to)
            return Verdict(null, "inconclusive", $"{(a is null ? "the baseline" : "this sweep")} held no rate within the SLO: start it lower (--from)");
        var change = Math.Round((to / from - 1) * 100, 2);
        if (Math.Abs(Math.Log(to / from)) <= BetweenStartsLog && Math.Abs(change) >= thresholdPercent)
            return Verdict(change, "unchanged",
                $"the knee moved {change:+0.#;-0.#} %, within what two starts of one system differ by (a factor of {BetweenStartsFactor:0.##}): one sweep a side cannot tell a change this small from another start");
        // A sweep that never broke only says its system holds at least its knee: it can be the better side, never the worse.
        if (change <= -thresholdPercent && bBroke)
            return Verdict(change, "regressed", $"the knee fell from {from:0.#}/s to {to:0.#}/s, beyond the ±{thresholdPercent:0.#} % threshold and what two starts differ by");
        if (change >= thresholdPercent && aBroke)
            return Verdict(change, "improved", $"the knee rose from {from:0.#}/s to {to:0.#}/s, beyond the ±{thresholdPercent:0.#} % threshold and what two starts differ by");
        if (!aBroke && !bBroke)
            return Verdict(change, "inconclusive", "neither sweep found a rate its system could not hold: raise --to");
        if (Math.Abs(change) >= thresholdPercent)
            return Verdict(change, "inconclusive", $"the knee moved {change:+0.#;-0.#} %, but the side that would be worse never broke, so its knee is only a lower bound: raise --to");
        return Verdict(change, "unchanged", $"the knees differ by {change:+0.#;-0.#;0} %, within the ±{thresholdPercent:0.#} % threshold");
    }

    /// <summary>Why two sweeps cannot be compared (different scenario, step or SLO), or null when they can.</summary>
    public static string? Mismatch(SweepResult a, SweepResult b) =>
        a.Config.ComparableKey != b.Config.ComparableKey ? $"the sweeps differ in configuration: {a.Config.ComparableKey} vs {b.Config.ComparableKey}"
        : a.SloP99Ms != b.SloP99Ms || a.SloErrorRate != b.SloErrorRate
            ? $"the sweeps differ in their SLO: p99 {a.SloP99Ms} ms, errors {a.SloErrorRate:P2} vs p99 {b.SloP99Ms} ms, errors {b.SloErrorRate:P2}"
        : null;

    // A rate broke when every attempt at it broke (a re-measurement that held makes it hold).
    private static bool Broke(SweepResult sweep) => sweep.Steps.GroupBy(s => s.Rate).Any(rate => rate.All(s => !s.Pass));
}
