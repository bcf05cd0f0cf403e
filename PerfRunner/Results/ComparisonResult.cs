namespace PerfRunner.Results;

/// <summary>One metric of a comparison: both sides, the change, the verdict and its evidence.</summary>
public sealed record MetricComparison(
    string Metric, string Unit, string Better, double Baseline, double Current, double? ChangePercent,
    string Verdict, string Method, double? PValue, double? CiLowPercent, double? CiHighPercent, string? Note);

/// <summary>A result judged against a baseline: each metric's verdict and the net change.</summary>
public sealed record ComparisonResult(
    string Baseline, string Method, double ThresholdPercent, IReadOnlyList<MetricComparison> Metrics,
    int Improvements, int Regressions, string NetChange, IReadOnlyList<string> Warnings);
