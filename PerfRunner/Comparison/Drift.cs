using System.Globalization;
using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// Repeated runs that get steadily faster (or slower) are not samples of one state: the system was still warming up
/// (JIT tiers, caches, pools) or degrading. Flagged when at least 4 runs show a rank correlation of at least
/// <see cref="Threshold"/> between run order and median latency.
/// </summary>
public static class Drift
{
    public const double Threshold = 0.7;

    public static string? Describe(RunResult result)
    {
        if (result.Runs.Count < 4)
        {
            return null;
        }
        var p50 = result.Runs.Select(r => r.Latency.P50).ToArray();
        var rho = Statistics.TrendCorrelation(p50);
        if (Math.Abs(rho) < Threshold)
        {
            return null;
        }
        var values = string.Join(" → ", p50.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture, $"p50 {values} ms, rank correlation with run order {rho:+0.00;-0.00}");
    }
}
