using System.Globalization;
using PerfRunner.Results;

namespace PerfRunner.Cli;

/// <summary>Exit codes (documented in PerfRunner/README.md).</summary>
public static class Exit
{
    public const int Ok = 0;
    public const int Regression = 1;
    public const int BadInput = 2;
    public const int Unreachable = 3;
    public const int Cancelled = 130;

    public static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"perfrunner: {message}");
        return BadInput;
    }

    public static string Summary(RunResult result)
    {
        var m = result.Metrics;
        var (failed, total) = result.Failures;
        var verdict = result.Comparison is { } c ? $"; vs baseline: {c.NetChange} ({c.Improvements} improved, {c.Regressions} regressed)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Config.Scenario} at {result.Config.Rate}/s{(result.Runs.Count > 1 ? $" (median of {result.Runs.Count} runs)" : "")}: p50 {m["latency_p50_ms"].Value} ms, p99 {m["latency_p99_ms"].Value} ms, " +
            $"{m["throughput_per_s"].Value}/s ok, {failed} of {total} iterations failed, {(result.Validity.Valid ? "valid" : "INVALID")}{verdict}");
    }
}
