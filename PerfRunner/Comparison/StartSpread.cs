namespace PerfRunner.Comparison;

/// <summary>
/// How much two fresh starts of an unchanged system differ (SD between starts, %, at the baseline's machine speed):
/// neither a single run nor `--repeat` runs of one start can see this part of the noise, so <see cref="Comparer"/>
/// asks a change to lie beyond ±1.96 × √(1/n + 1/m) × SD for n and m starts a side. It differs from scenario to scenario: a hero search moves between starts more than twice as
/// much at p50 as a fight does (docs/verdicts.md). A scenario whose spread was not measured is allowed the widest
/// measured, so that an A/A pair of it is not called a change.
/// </summary>
public static class StartSpread
{
    /// <summary>Measured on the fight and execute_fight scenarios at 50/s.</summary>
    public static readonly IReadOnlyDictionary<string, double> Fight = new Dictionary<string, double>
    {
        ["latency_mean_ms"] = 10,
        ["latency_p50_ms"] = 5,
        ["latency_p90_ms"] = 9,
        ["latency_p95_ms"] = 13,
        ["latency_p99_ms"] = 40,
        ["latency_p99_9_ms"] = 40,
    };

    /// <summary>Measured on a hero search by name (100,000 heroes, the indexed filter) at 50/s.</summary>
    public static readonly IReadOnlyDictionary<string, double> Search = new Dictionary<string, double>
    {
        ["latency_mean_ms"] = 12,
        ["latency_p50_ms"] = 12,
        ["latency_p90_ms"] = 14,
        ["latency_p95_ms"] = 14,
        ["latency_p99_ms"] = 15,
    };

    /// <summary>Per metric the largest of the measured spreads.</summary>
    public static readonly IReadOnlyDictionary<string, double> Widest = Fight.Keys.Union(Search.Keys)
        .ToDictionary(k => k, k => Math.Max(Fight.GetValueOrDefault(k), Search.GetValueOrDefault(k)));

    /// <summary>The spread allowed for <paramref name="scenario"/>, and where it comes from (for the report).</summary>
    public static (IReadOnlyDictionary<string, double> Sd, string Source) For(string scenario) => scenario switch
    {
        "fight" or "execute-fight" => (Fight, "the spread between starts measured on the fight scenarios"),
        _ => (Widest, $"the widest spread between starts measured (no '{scenario}' scenario was measured)"),
    };
}
