using HdrHistogram;

namespace PerfRunner.Load;

/// <summary>Latency histograms in microseconds: 1 µs to 1 h at 3 significant digits (wrk2's and NBomber's precision).</summary>
public static class Histograms
{
    public const long HighestUs = 3_600_000_000;

    public static LongHistogram Create() => new(HighestUs, 3);

    public static long ToMicroseconds(long stopwatchTicks) =>
        Math.Clamp(stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency, 1, HighestUs);

    public static Distribution Summarize(this LongHistogram h, string basis)
    {
        if (h.TotalCount == 0)
        {
            return Distribution.Empty(basis);
        }
        static double Ms(double us) => Math.Round(us / 1000.0, 3);
        return new Distribution(
            basis, "ms", "lower", h.TotalCount,
            Ms(h.RecordedValues().First().ValueIteratedTo),
            Ms(h.GetMean()), Ms(h.GetStdDeviation()),
            Ms(h.GetValueAtPercentile(50)), Ms(h.GetValueAtPercentile(90)), Ms(h.GetValueAtPercentile(95)),
            Ms(h.GetValueAtPercentile(99)), Ms(h.GetValueAtPercentile(99.9)), Ms(h.GetMaxValue()));
    }

    /// <summary>The non-empty buckets, for the JSON and for merging runs later without sample lists.</summary>
    public static long[][] Buckets(this LongHistogram h) =>
        h.RecordedValues().Select(v => new[] { v.ValueIteratedTo, v.CountAtValueIteratedTo }).ToArray();
}

/// <summary>
/// Summary statistics of one latency histogram, in milliseconds. <see cref="Basis"/> says where the clock started:
/// "intended" (coordinated-omission corrected), "sent" (when the request actually left) or "lag".
/// </summary>
public sealed record Distribution(
    string Basis, string Unit, string Better, long Count,
    double Min, double Mean, double Stdev, double P50, double P90, double P95, double P99, double P99_9, double Max)
{
    public static Distribution Empty(string basis) => new(basis, "ms", "lower", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// A small histogram of quantized values (the same 3-digit precision as HdrHistogram) kept per one-second window,
/// so windows can be merged in any combination (block bootstrap) without keeping samples.
/// </summary>
public sealed class CompactHistogram
{
    private readonly Dictionary<long, long> _counts = [];

    public long Count { get; private set; }

    public void Record(long valueUs)
    {
        var key = Quantize(valueUs);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        Count++;
    }

    public long[][] ToBuckets() =>
        _counts.OrderBy(kv => kv.Key).Select(kv => new[] { kv.Key, kv.Value }).ToArray();

    /// <summary>Keeps 11 significant bits (2,048 sub-buckets), as HdrHistogram does at 3 decimal digits.</summary>
    public static long Quantize(long value)
    {
        if (value < 2048)
        {
            return Math.Max(value, 0);
        }
        var shift = 63 - (int)long.LeadingZeroCount(value) - 10;
        return value >> shift << shift;
    }

    /// <summary>Percentile (0-100) over merged buckets given as (value, count) pairs.</summary>
    public static double Percentile(List<(long Value, long Count)> merged, long total, double percentile)
    {
        if (total == 0)
        {
            return 0;
        }
        merged.Sort((a, b) => a.Value.CompareTo(b.Value));
        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        long seen = 0;
        foreach (var (value, count) in merged)
        {
            seen += count;
            if (seen >= Math.Max(rank, 1))
            {
                return value;
            }
        }
        return merged[^1].Value;
    }
}
