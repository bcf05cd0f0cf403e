using PerfRunner.Load;

namespace PerfRunner.Comparison;

/// <summary>
/// Single-run comparison: a circular block bootstrap over the one-second windows of each side. Windows are resampled
/// in blocks (not requests one by one) because neighbouring seconds are correlated; each resample merges the windows'
/// histograms, so percentiles are recomputed, never averaged. Seeded, so the same files give the same verdict.
/// </summary>
public static class WindowBootstrap
{
    public const int Iterations = 1000;

    public static readonly string[] Metrics =
        ["latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_p99_9_ms", "throughput_per_s"];

    /// <summary>95 % interval of the change in percent (current vs baseline) for each of <see cref="Metrics"/>.</summary>
    public static Dictionary<string, (double Low, double High)> ChangeIntervals(
        IReadOnlyList<WindowPoint> baseline, IReadOnlyList<WindowPoint> current, int seed = 20261128)
    {
        var random = new Random(seed);
        var changes = Metrics.ToDictionary(m => m, _ => new List<double>(Iterations));
        for (var i = 0; i < Iterations; i++)
        {
            var a = Measure(Resample(baseline, random));
            var b = Measure(Resample(current, random));
            foreach (var m in Metrics)
            {
                if (a[m] > 0)
                {
                    changes[m].Add((b[m] - a[m]) / a[m] * 100);
                }
            }
        }
        return changes.ToDictionary(c => c.Key, c =>
        {
            var sorted = c.Value.Order().ToArray();
            return (Statistics.Quantile(sorted, 0.025), Statistics.Quantile(sorted, 0.975));
        });
    }

    public static int BlockLength(int windows) => Math.Max(1, (int)Math.Round(Math.Cbrt(windows)));

    private static List<WindowPoint> Resample(IReadOnlyList<WindowPoint> windows, Random random)
    {
        var n = windows.Count;
        var block = BlockLength(n);
        var sample = new List<WindowPoint>(n + block);
        while (sample.Count < n)
        {
            var start = random.Next(n);
            for (var k = 0; k < block && sample.Count < n; k++)
            {
                sample.Add(windows[(start + k) % n]);
            }
        }
        return sample;
    }

    public static Dictionary<string, double> Measure(IReadOnlyList<WindowPoint> windows)
    {
        var merged = new Dictionary<long, long>();
        foreach (var w in windows)
        {
            foreach (var b in w.Histogram)
            {
                merged[b[0]] = merged.GetValueOrDefault(b[0]) + b[1];
            }
        }
        var pairs = merged.Select(kv => (kv.Key, kv.Value)).ToList();
        var total = pairs.Sum(p => p.Value);
        var mean = total > 0 ? pairs.Sum(p => (double)p.Key * p.Value) / total : 0;
        double P(double q) => CompactHistogram.Percentile(pairs, total, q) / 1000.0;
        return new Dictionary<string, double>
        {
            ["latency_mean_ms"] = mean / 1000.0,
            ["latency_p50_ms"] = P(50),
            ["latency_p90_ms"] = P(90),
            ["latency_p95_ms"] = P(95),
            ["latency_p99_ms"] = P(99),
            ["latency_p99_9_ms"] = P(99.9),
            ["throughput_per_s"] = windows.Count > 0 ? windows.Sum(w => (double)(w.Completed - w.Failed)) / windows.Count : 0,
        };
    }
}
