using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace PerfRunner.Comparison;

/// <summary>
/// How much latency followed the machine's speed: the slope of log p50 on log walk over groups of points, each group
/// centred on its own means (so that neither a change between the sides nor a difference between groups counts), with
/// its 95 % interval (Student's t on the residuals' degrees of freedom: few points give a wide one). Fitted on the
/// starts of each side (<see cref="MachineSpeedAdjustment.Fitted"/>) or on the runs' windows (<see cref="WindowElasticity"/>).
/// </summary>
public sealed record ElasticityFit(double Elasticity, double Low, double High, int Points)
{
    /// <summary>Null when the points leave no degrees of freedom or the walk did not vary. Groups of one point say nothing and are left out.</summary>
    public static ElasticityFit? Of(IEnumerable<IReadOnlyList<(double Walk, double P50)>> groups)
    {
        var within = WithinGroups.Of(groups.Where(g => g.Count >= 2));
        // One mean fitted per group and the slope: the residuals' degrees of freedom.
        var freedom = within.Points - within.Groups - 1;
        if (freedom < 1 || within.Sxx < 1e-9)
        {
            return null;
        }
        var slope = within.Slope;
        var half = new StudentDistribution(freedom).Quantile(0.975) * Math.Sqrt(within.ResidualSquares / freedom / within.Sxx);
        return new(Clamped(slope), Clamped(slope - half), Clamped(slope + half), within.Points);
    }

    private static double Clamped(double e) => Math.Round(Math.Clamp(e, 0, 1), 3);
}
