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
        var centred = groups.Where(g => g.Count >= 2).Select(Centred).ToList();
        var points = centred.SelectMany(g => g).ToList();
        // One mean fitted per group and the slope: the residuals' degrees of freedom.
        var freedom = points.Count - centred.Count - 1;
        var sxx = points.Sum(p => p.Walk * p.Walk);
        if (freedom < 1 || sxx < 1e-9)
        {
            return null;
        }
        var slope = points.Sum(p => p.Walk * p.P50) / sxx;
        var residual = points.Sum(p => Math.Pow(p.P50 - slope * p.Walk, 2)) / freedom;
        var half = new StudentDistribution(freedom).Quantile(0.975) * Math.Sqrt(residual / sxx);
        return new(Clamped(slope), Clamped(slope - half), Clamped(slope + half), points.Count);
    }

    private static double Clamped(double e) => Math.Round(Math.Clamp(e, 0, 1), 3);

    private static List<(double Walk, double P50)> Centred(IReadOnlyList<(double Walk, double P50)> logs)
    {
        var (walk, p50) = (logs.Average(l => l.Walk), logs.Average(l => l.P50));
        return [.. logs.Select(l => (l.Walk - walk, l.P50 - p50))];
    }
}
