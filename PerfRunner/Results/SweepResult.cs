namespace PerfRunner.Results;

/// <summary>One measurement of a sweep: a rate, which attempt at it, whether it held the SLO and why not.</summary>
public sealed record SweepStep(double Rate, int Attempt, bool Pass, IReadOnlyList<string> Failures, double AchievedRate, double Throughput,
    double P50Ms, double P99Ms, double ErrorRate, bool Valid, SortedDictionary<string, Metric> Metrics);

/// <summary>
/// The file <c>sweep</c> writes: every step and the knee, the highest rate that held; <c>compare</c> adds the knee's
/// comparison with a baseline sweep.
/// </summary>
public sealed record SweepResult(string SchemaVersion, ToolInfo Tool, EnvironmentInfo Environment, RunConfig Config,
    double From, double To, double SloP99Ms, double SloErrorRate, IReadOnlyList<SweepStep> Steps, double? Knee, string Conclusion,
    Comparison.KneeComparison? Comparison = null);
