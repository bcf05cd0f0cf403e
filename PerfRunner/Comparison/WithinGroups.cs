namespace PerfRunner.Comparison;

/// <summary>
/// Sums of squares and products of points centred on their own group's means, and the one slope fitted through all
/// groups from them: a difference between groups (two sides, two starts) does not count as an effect of x. Both
/// <see cref="ElasticityFit"/> and <see cref="WalkAdjustedChange"/> fit their slope so.
/// </summary>
internal sealed record WithinGroups(int Points, int Groups, double Sxx, double Sxy, double Syy)
{
    public static WithinGroups Of(IEnumerable<IReadOnlyList<(double X, double Y)>> groups)
    {
        var (points, count, sxx, sxy, syy) = (0, 0, 0.0, 0.0, 0.0);
        foreach (var group in groups)
        {
            var (x, y) = (group.Average(p => p.X), group.Average(p => p.Y));
            foreach (var p in group)
            {
                sxx += (p.X - x) * (p.X - x);
                sxy += (p.X - x) * (p.Y - y);
                syy += (p.Y - y) * (p.Y - y);
            }
            points += group.Count;
            count++;
        }
        return new(points, count, sxx, sxy, syy);
    }

    /// <summary>Whether x varied within the groups at all: without that there is no slope to fit.</summary>
    public bool Sloped => Sxx > 1e-12;

    /// <summary>The least-squares slope, 0 where x did not vary.</summary>
    public double Slope => Sloped ? Sxy / Sxx : 0;

    /// <summary>The sum of the squared residuals about the groups' means and <see cref="Slope"/>.</summary>
    public double ResidualSquares => Math.Max(Syy - Slope * Sxy, 0);
}
