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
        var within = WithinGroups.Of([b, c]);
        // A walk that did not vary within the sides fits no slope, and the test is Student's t on the two means.
        var freedom = within.Points - within.Groups - (within.Sloped ? 1 : 0);
        var residual = within.ResidualSquares / freedom;
        var walkApart = c.Average(l => l.X) - b.Average(l => l.X);
        var difference = c.Average(l => l.Y) - b.Average(l => l.Y) - within.Slope * walkApart;
        var error = Math.Sqrt(residual * (1.0 / b.Count + 1.0 / c.Count + (within.Sloped ? walkApart * walkApart / within.Sxx : 0)));
        var student = new StudentDistribution(freedom);
        var p = error < 1e-12 ? (Math.Abs(difference) < 1e-12 ? 1 : 0) : 2 * (1 - student.Cdf(Math.Abs(difference) / error));
        var half = student.Quantile(0.975) * error;
        return new(Percent(difference), Percent(difference - half), Percent(difference + half), p, Math.Round(within.Slope, 3));
    }

    private static double Percent(double logRatio) => Math.Round((Math.Exp(logRatio) - 1) * 100, 2);

    private static List<(double X, double Y)> Logs(IReadOnlyList<(double Walk, double Value)> points) =>
        [.. points.Select(p => (Math.Log(p.Walk), Math.Log(p.Value)))];
}
