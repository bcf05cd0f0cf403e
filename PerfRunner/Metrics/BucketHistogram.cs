using System.Globalization;

namespace PerfRunner.Metrics;

/// <summary>
/// A Prometheus histogram (cumulative buckets, sum, count) built from before/after deltas, possibly summed over several
/// label sets. Quantiles follow PromQL's histogram_quantile: linear interpolation inside the bucket holding the rank,
/// so they are only as exact as the bucket bounds; the mean (sum / count) is exact.
/// </summary>
public sealed class BucketHistogram
{
    private readonly SortedDictionary<double, double> _buckets = [];

    public double Sum { get; private set; }
    public double Count { get; private set; }

    public void AddBucket(double le, double cumulativeCount) =>
        _buckets[le] = _buckets.GetValueOrDefault(le) + cumulativeCount;

    public void AddSum(double sum) => Sum += sum;

    public void AddCount(double count) => Count += count;

    public double Mean => Count > 0 ? Sum / Count : 0;

    public double Quantile(double q)
    {
        if (_buckets.Count == 0)
        {
            return 0;
        }
        var total = _buckets.Last().Value;
        if (total <= 0)
        {
            return 0;
        }
        var rank = q * total;
        double previousBound = 0, previousCount = 0;
        foreach (var (le, cumulative) in _buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return previousBound;
                }
                var inBucket = cumulative - previousCount;
                return inBucket <= 0 ? le : previousBound + (le - previousBound) * (rank - previousCount) / inBucket;
            }
            previousBound = le;
            previousCount = cumulative;
        }
        return previousBound;
    }

    /// <summary>Groups the <c>{family}_bucket/_sum/_count</c> deltas by a key; samples whose key is null are left out.</summary>
    public static SortedDictionary<string, BucketHistogram> Group(
        IEnumerable<Sample> deltas, string family, Func<Sample, string?> key)
    {
        var groups = new SortedDictionary<string, BucketHistogram>(StringComparer.Ordinal);
        foreach (var s in deltas)
        {
            var part = s.Name == family + "_bucket" ? 'b' : s.Name == family + "_sum" ? 's' : s.Name == family + "_count" ? 'c' : '\0';
            if (part == '\0' || key(s) is not { } k)
            {
                continue;
            }
            if (!groups.TryGetValue(k, out var h))
            {
                groups[k] = h = new BucketHistogram();
            }
            switch (part)
            {
                case 'b':
                    var le = s.Label("le");
                    h.AddBucket(le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture), s.Value);
                    break;
                case 's':
                    h.AddSum(s.Value);
                    break;
                default:
                    h.AddCount(s.Value);
                    break;
            }
        }
        return groups;
    }
}
