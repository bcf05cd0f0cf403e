using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace PerfRunner.Comparison;

/// <summary>
/// A change between two sides of starts at one machine speed: the log of a metric on the log of the machine's walk,
/// a mean per side and one slope fitted on both (analysis of covariance), tested with Student's t on n − 3 degrees of
/// freedom. Its standard error carries the slope's own uncertainty, growing with how far the sides' walks lie apart,
/// so the walk can neither make nor hide a change beyond what the starts show. Putting the sides at one speed with a
/// slope fitted beforehand and then asking the verdict to hold at both ends of that slope's interval asked for
/// significance at the worst slope the starts allowed, and missed changes (docs/verdicts.md, "The walk as a
/// covariate"). The slope is the metric's own: a tail follows the machine less than the median does.
/// </summary>
/// <param name="ChangePercent">The ratio of the sides' geometric means at the same walk, in percent.</param>
/// <param name="Elasticity">The fitted slope: how much the metric followed the walk within the sides.</param>
public sealed record WalkAdjustedChange(double ChangePercent, double LowPercent, double HighPercent, double P, double Elasticity)
{
    /// <summary>Null unless each side has <see cref="MachineSpeedAdjustment.StartsToFit"/> points or more, all positive.</summary>
    public static WalkAdjustedChange? Of(IReadOnlyList<(double Walk, double Value)> baseline, IReadOnlyList<(double Walk, double Value)> current)
    {
        if (Math.Min(baseline.Count, current.Count) < MachineSpeedAdjustment.StartsToFit
            || baseline.Concat(current).Any(p => p.Walk <= 0 || p.Value <= 0))
        {
            return null;
        }
        var (b, c) = (Logs(baseline), Logs(current));
        var (sxx, sxy, syy) = (b.Sxx + c.Sxx, b.Sxy + c.Sxy, b.Syy + c.Syy);
        // A walk that did not vary within the sides fits no slope, and the test is Student's t on the two means.
        var sloped = sxx > 1e-12;
        var slope = sloped ? sxy / sxx : 0;
        var freedom = b.Count + c.Count - (sloped ? 3 : 2);
        var residual = Math.Max(syy - slope * sxy, 0) / freedom;
        var walkApart = c.Walk - b.Walk;
        var difference = c.Value - b.Value - slope * walkApart;
        var error = Math.Sqrt(residual * (1.0 / b.Count + 1.0 / c.Count + (sloped ? walkApart * walkApart / sxx : 0)));
        var student = new StudentDistribution(freedom);
        var p = error < 1e-12 ? (Math.Abs(difference) < 1e-12 ? 1 : 0) : 2 * (1 - student.Cdf(Math.Abs(difference) / error));
        var half = student.Quantile(0.975) * error;
        return new(Percent(difference), Percent(difference - half), Percent(difference + half), p, Math.Round(slope, 3));
    }

    private static double Percent(double logRatio) => Math.Round((Math.Exp(logRatio) - 1) * 100, 2);

    private sealed record Side(int Count, double Walk, double Value, double Sxx, double Sxy, double Syy);

    // Means and centred sums of squares of the logs.
    private static Side Logs(IReadOnlyList<(double Walk, double Value)> points)
    {
        var logs = points.Select(p => (Walk: Math.Log(p.Walk), Value: Math.Log(p.Value))).ToList();
        var (walk, value) = (logs.Average(l => l.Walk), logs.Average(l => l.Value));
        return new(logs.Count, walk, value,
            logs.Sum(l => (l.Walk - walk) * (l.Walk - walk)),
            logs.Sum(l => (l.Walk - walk) * (l.Value - value)),
            logs.Sum(l => (l.Value - value) * (l.Value - value)));
    }
}
