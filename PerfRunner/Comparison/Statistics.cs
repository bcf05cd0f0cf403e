using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace PerfRunner.Comparison;

public static class Statistics
{
    /// <summary>
    /// How far the means of <paramref name="baselineStarts"/> and <paramref name="currentStarts"/> starts of one unchanged
    /// system differ at most, 19 times in 20 (±1.96 × √(1/n + 1/m) × <paramref name="sd"/>), when one start differs from
    /// another with the standard deviation <paramref name="sd"/>: the allowance a verdict on fresh systems needs.
    /// </summary>
    public static double BetweenStartsBound(double sd, int baselineStarts = 1, int currentStarts = 1) =>
        1.96 * sd * Math.Sqrt(1.0 / baselineStarts + 1.0 / currentStarts);

    /// <summary>
    /// Two-sided Mann–Whitney U test p-value. Exact (by counting rank arrangements) for small samples without ties,
    /// otherwise the normal approximation with tie and continuity corrections.
    /// </summary>
    public static double MannWhitneyP(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        int n1 = a.Count, n2 = b.Count;
        if (n1 == 0 || n2 == 0)
        {
            return 1;
        }
        var all = a.Select(v => (Value: v, First: true)).Concat(b.Select(v => (Value: v, First: false)))
            .OrderBy(x => x.Value).ToArray();
        var ranks = new double[all.Length];
        var tieTerm = 0.0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j + 1 < all.Length && all[j + 1].Value == all[i].Value)
            {
                j++;
            }
            var t = j - i + 1;
            tieTerm += (double)t * t * t - t;
            for (var k = i; k <= j; k++)
            {
                ranks[k] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        var rankSum = all.Select((x, i) => x.First ? ranks[i] : 0).Sum();
        var u = rankSum - n1 * (n1 + 1) / 2.0;

        if (tieTerm == 0 && n1 <= 20 && n2 <= 20)
        {
            var counts = ExactUCounts(n1, n2);
            var total = counts.Sum();
            var low = counts.Take((int)u + 1).Sum() / total;
            var high = counts.Skip((int)u).Sum() / total;
            return Math.Min(1, 2 * Math.Min(low, high));
        }
        var n = n1 + n2;
        var mean = n1 * n2 / 2.0;
        var variance = n1 * n2 / 12.0 * (n + 1 - tieTerm / (n * (n - 1.0)));
        if (variance <= 0)
        {
            return 1;
        }
        var z = (Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * (1 - NormalCdf(Math.Max(z, 0))));
    }

    /// <summary>How many of the C(n1+n2, n1) arrangements give each value of U.</summary>
    private static double[] ExactUCounts(int n1, int n2)
    {
        // f[i, j][u]: arrangements of i values of the first sample and j of the second with statistic u.
        var f = new double[n1 + 1, n2 + 1][];
        for (var i = 0; i <= n1; i++)
        {
            for (var j = 0; j <= n2; j++)
            {
                var row = new double[i * j + 1];
                if (i == 0 || j == 0)
                {
                    row[0] = 1;
                }
                else
                {
                    // The largest value belongs to the first sample (beating all j others) or to the second.
                    var withFirst = f[i - 1, j];
                    var withSecond = f[i, j - 1];
                    for (var u = 0; u < row.Length; u++)
                    {
                        row[u] = (u - j >= 0 && u - j < withFirst.Length ? withFirst[u - j] : 0) +
                                 (u < withSecond.Length ? withSecond[u] : 0);
                    }
                }
                f[i, j] = row;
            }
        }
        return f[n1, n2];
    }

    /// <summary>
    /// Two-sided p-value of Welch's t-test on the logs of the values (positive values: latencies, rates), so that a
    /// change is tested as a ratio. Unlike Mann–Whitney it can reach p &lt; 0.05 with three values a side.
    /// </summary>
    public static double WelchLogP(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2 || a.Concat(b).Any(v => v <= 0))
        {
            return 1;
        }
        var (x, y) = (a.Select(v => Math.Log(v)).ToArray(), b.Select(v => Math.Log(v)).ToArray());
        var (vx, vy) = (Variance(x) / x.Length, Variance(y) / y.Length);
        var difference = Math.Abs(x.Average() - y.Average());
        if (vx + vy < 1e-18)
        {
            return difference < 1e-12 ? 1 : 0;
        }
        var freedom = Math.Pow(vx + vy, 2) / (vx * vx / (x.Length - 1) + vy * vy / (y.Length - 1));
        var t = difference / Math.Sqrt(vx + vy);
        return 2 * (1 - new StudentDistribution(freedom).Cdf(t));
    }

    private static double Variance(double[] v)
    {
        var mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
    }

    /// <summary>Two-sided p-value of a two-proportion z-test (failures out of totals).</summary>
    public static double TwoProportionP(long failedA, long totalA, long failedB, long totalB)
    {
        if (totalA == 0 || totalB == 0)
        {
            return 1;
        }
        var pooled = (double)(failedA + failedB) / (totalA + totalB);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / totalA + 1.0 / totalB));
        if (se == 0)
        {
            return failedA * totalB == failedB * totalA ? 1 : 0;
        }
        var z = Math.Abs((double)failedB / totalB - (double)failedA / totalA) / se;
        return 2 * (1 - NormalCdf(z));
    }

    /// <summary>Spearman's rank correlation of the values with their order (1 = rising run after run, −1 = falling).</summary>
    public static double TrendCorrelation(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n < 3)
        {
            return 0;
        }
        var ranks = Ranks(values);
        var meanRank = (n + 1) / 2.0;
        double covariance = 0, varianceOrder = 0, varianceValues = 0;
        for (var i = 0; i < n; i++)
        {
            var (order, rank) = (i + 1 - meanRank, ranks[i] - meanRank);
            covariance += order * rank;
            varianceOrder += order * order;
            varianceValues += rank * rank;
        }
        return varianceValues == 0 ? 0 : covariance / Math.Sqrt(varianceOrder * varianceValues);
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = values.Select((v, i) => (Value: v, Index: i)).OrderBy(x => x.Value).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && order[j + 1].Value == order[i].Value)
            {
                j++;
            }
            for (var k = i; k <= j; k++)
            {
                ranks[order[k].Index] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return ranks;
    }

    public static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz–Stegun 7.1.26, absolute error below 1.5e-7: plenty for p-values compared with 0.05.
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }

    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
