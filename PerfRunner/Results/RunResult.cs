using PerfRunner.Load;
using PerfRunner.Metrics;

namespace PerfRunner.Results;

/// <summary>A number with its unit and which direction is better ("lower" or "higher"; "none" for context).</summary>
public sealed record Metric(double Value, string Unit, string Better);

public sealed record ToolInfo(string Name, string Version);

public sealed record EnvironmentInfo(string? GitCommit, int Cores, string Os, string Dotnet, string Machine);

/// <summary>
/// What was asked for, as the result records it (made from the run's plan when the result is written). Two results
/// are comparable only when <see cref="ComparableKey"/> is equal.
/// </summary>
/// <param name="TracedShare">The share of iterations the services were asked to trace (0 to 1).</param>
/// <param name="DashboardUrl">Where the report's trace links point.</param>
public sealed record RunConfig(
    string Scenario, double Rate, double DurationSeconds, double WarmupSeconds, int MaxInFlight, string Overflow,
    double TimeoutSeconds, int Repeat, double MaxSendLagMs, IReadOnlyDictionary<string, string> Targets, string? Url,
    double TracedShare = 1, string? DashboardUrl = null, double ColdWarmupSeconds = 0)
{
    public string ComparableKey =>
        $"scenario={Scenario} rate={Rate}/s duration={DurationSeconds}s warmup={WarmupSeconds}s max-in-flight={MaxInFlight} overflow={Overflow}" +
        (Url is null ? "" : $" url={Url}");
}

public sealed record Validity(bool Valid, IReadOnlyList<string> Reasons);

public sealed record LoadFigures(
    long Intended, long Sent, long Dropped, long Completed, long Succeeded, long Failed, long Unfinished,
    Metric TargetRate, Metric AchievedRate, Metric Throughput, Distribution SendLag, Metric GeneratorCpu, Metric GeneratorGcPause);

/// <summary>One measured run. Latency is per iteration from its intended send time; ServiceTime from the actual send.</summary>
public sealed record RunSummary(
    int Index, DateTimeOffset StartedAtUtc, DateTimeOffset EndedAtUtc, Validity Validity, LoadFigures Load,
    Distribution Latency, Distribution ServiceTime, Metric ErrorRate,
    SortedDictionary<string, long> Errors, SortedDictionary<string, long> StatusCodes,
    IReadOnlyList<RequestSummary> Requests, SortedDictionary<string, Metric> Metrics,
    IReadOnlyList<ServiceMetrics> Services, IReadOnlyList<WindowPoint> TimeSeries, long[][] Histogram,
    IReadOnlyList<SlowIteration>? Slowest = null, IterationBreakdown? Typical = null);

/// <summary>
/// The file PerfRunner writes (schema in PerfRunner/SCHEMA.md). <see cref="Metrics"/> are the run's metrics, or with
/// --repeat the median of each over the runs; the comparison uses the per-run values.
/// </summary>
public sealed record RunResult(
    string SchemaVersion, ToolInfo Tool, RunConfig Config, EnvironmentInfo Environment,
    DateTimeOffset StartedAtUtc, DateTimeOffset EndedAtUtc, Validity Validity,
    SortedDictionary<string, Metric> Metrics, IReadOnlyList<RunSummary> Runs, ComparisonResult? Comparison)
{
    public const string CurrentSchema = "1.0";

    /// <summary>Failed (or never finished) iterations and all iterations, over every run: the error rate tested and shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (long Failed, long Total) Failures =>
        (Runs.Sum(r => r.Load.Failed + r.Load.Unfinished), Runs.Sum(r => r.Load.Completed + r.Load.Unfinished));

    /// <summary>
    /// The run whose corrected p99 is the median of the runs (the only run without --repeat): the one the report
    /// details, so one disturbed run out of five does not speak for all of them.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RunSummary Representative =>
        Runs.OrderBy(r => r.Latency.P99).ThenBy(r => r.Index).ElementAt((Runs.Count - 1) / 2);
}
