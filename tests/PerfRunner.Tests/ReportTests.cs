using System.Text.Json;
using PerfRunner.Comparison;
using PerfRunner.Load;
using PerfRunner.Measurement;
using PerfRunner.Metrics;
using PerfRunner.Report;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class ReportTests
{
    private static readonly RunPlan Config = SyntheticRuns.Config(rate: 100, seconds: 10);

    private static IReadOnlyList<ServiceMetrics> Services() =>
    [
        new("fights", "http://localhost:8004/metrics", true, null, 10,
            [new("/api/fights/execute_fight", "GET", 1000, 0, new LatencyStats(1000, 8, 7, 12, 20))],
            [new("heroes", 1000, 0, new LatencyStats(1000, 3.5, 3, 6, 9)), new("villains", 1000, 0, new LatencyStats(1000, 1.5, 1, 3, 5))],
            [new("insert_fight", new LatencyStats(1000, 2, 1.8, 3, 25), 2000)],
            new() { ["villains"] = 4 }, 0.9, 12, 0),
        new("heroes", "http://localhost:8001/metrics", false, "scrape failed: connection refused", 0, [], [], [], [], 0, 0, 0),
    ];

    // 1,000 iterations: 980 of 1 ms and 20 of 2 ms (below 2.048 ms HdrHistogram keeps exact microseconds), 1 % failing.
    private static RunResult KnownResult()
    {
        var run = Run(1, Config, i => i % 50 == 49 ? 2 : 1, i => i % 100 == 0, Services());
        var baseline = Result(Config, Run(1, Config, _ => 1));
        var result = Result(Config, run);
        return result with { Comparison = Comparer.Compare(baseline, result, 5, "results/baseline.json") };
    }

    [Fact]
    public void TheSlowestIterationsLinkToTheirTracesInTheDashboard()
    {
        var result = Result(Config with { Dashboard = new Uri("http://localhost:18888/") }, Run(1, Config, i => i == 123 ? 40 : 1));

        var markdown = MarkdownReport.Render(result, null, "fights");

        var slowest = result.Runs[0].Slowest!;
        Assert.Equal(RunRecorder.SlowestKept, slowest.Count);
        Assert.Equal(40, slowest[0].LatencyMs);
        Assert.Equal(1.23, slowest[0].StartSeconds);
        Assert.Contains("## Slowest iterations", markdown);
        // Iteration 123 was not marked for tracing (odd), so its id is there without a link.
        Assert.Contains($"| 1 | 40 | 1.23 | ok | `{slowest[0].TraceId}` (not traced) |", markdown);
        var traced = slowest.First(s => s.Traced);
        Assert.Contains($"[{traced.TraceId}](http://localhost:18888/traces/detail/{traced.TraceId})", markdown);
    }

    [Fact]
    public void ARunAgainstServicesBuiltInDebugIsInvalidAndSaysSo()
    {
        ServiceMetrics Service(string name, bool optimized) =>
            new(name, $"http://localhost/{name}/metrics", true, null, 10, [], [], [], [], 0.1, 0, 0, optimized ? "Release" : "Debug", optimized);
        var debug = Result(Config, Run(1, Config, _ => 1, services: [Service("fights", false), Service("heroes", true)]));
        var release = Result(Config, Run(1, Config, _ => 1, services: [Service("fights", true), Service("heroes", true)]));

        Assert.False(debug.Validity.Valid);
        Assert.StartsWith("services built in Debug (fights): figures not representative", Assert.Single(debug.Validity.Reasons));
        Assert.Contains("services built in Debug (fights)", MarkdownReport.Render(debug, null, "fights"));
        Assert.Contains("Start the system in Release", MarkdownReport.Render(debug, null, "fights"));
        Assert.True(release.Validity.Valid);
    }

    [Fact]
    public void ReportHasEverySectionWithTheRunsNumbers()
    {
        var markdown = MarkdownReport.Render(KnownResult(), "known.svg", "fights");

        foreach (var section in new[]
                 {
                     "# Performance Test Results", "## Run validity", "## Request Performance Metrics", "## Error Metrics",
                     "## Where time goes", "## Comparison with Baseline", "## AI Optimization Guidance",
                     "## Data-Driven Optimization Recommendations",
                 })
        {
            Assert.Contains(section, markdown);
        }
        Assert.Contains("- **P50 (median):** 1ms", markdown);
        Assert.Contains("- **P99:** 2ms", markdown);
        Assert.Contains("- **Total iterations:** 1000 (1000 requests)", markdown);
        Assert.Contains("- **Failure rate:** 0.0100 (1.00%)", markdown);
        Assert.Contains("- **Failed iterations:** 10 of 1000", markdown);
        Assert.Contains("http_5xx: 10", markdown);
        Assert.Contains("**Net change:** regressed", markdown);
        Assert.Contains("### Regressions ✗", markdown);
        Assert.Contains("- **error_rate:** 0 → 0.01 (from 0)", markdown);
        Assert.Contains("![Latency over time](known.svg)", markdown);
        Assert.Contains("| fights | heroes | 1000 | 0 | 3.5 |", markdown);
        Assert.Contains("**Slowest downstream call of fights:** heroes", markdown);
        Assert.Contains("Dominant downstream call**: heroes", markdown);
        Assert.Contains("⚠️ heroes: no figures (scrape failed: connection refused)", markdown);
        Assert.Contains("Slow query**: fights insert_fight p99 25 ms", markdown);
        Assert.Contains("Fallbacks**: fights answered with fallbacks for villains (4)", markdown);
        Assert.Contains("Elevated error rate", markdown);
        Assert.Contains("1. **", markdown);
        Assert.DoesNotContain("NaN", markdown);
    }

    [Fact]
    public void JsonHasTheSchemaVersionUnitsAndEveryPartOfTheRun()
    {
        var json = JsonSerializer.Serialize(KnownResult(), ResultFile.Json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("execute-fight", root.GetProperty("config").GetProperty("scenario").GetString());
        Assert.Equal(100, root.GetProperty("config").GetProperty("rate").GetDouble());
        Assert.True(root.GetProperty("environment").GetProperty("cores").GetInt32() > 0);
        var p99 = root.GetProperty("metrics").GetProperty("latency_p99_ms");
        Assert.Equal((2.0, "ms", "lower"), (p99.GetProperty("value").GetDouble(), p99.GetProperty("unit").GetString(), p99.GetProperty("better").GetString()));
        Assert.Equal("higher", root.GetProperty("metrics").GetProperty("throughput_per_s").GetProperty("better").GetString());
        Assert.Equal(0.01, root.GetProperty("metrics").GetProperty("error_rate").GetProperty("value").GetDouble());
        var run = root.GetProperty("runs")[0];
        Assert.Equal(1000, run.GetProperty("load").GetProperty("sent").GetInt64());
        Assert.Equal("intended", run.GetProperty("latency").GetProperty("basis").GetString());
        Assert.Equal(10, run.GetProperty("timeSeries").GetArrayLength());
        Assert.True(run.GetProperty("validity").GetProperty("valid").GetBoolean());
        Assert.Equal(1000, run.GetProperty("services")[0].GetProperty("routes")[0].GetProperty("requests").GetInt64());
        Assert.Equal("regressed", root.GetProperty("comparison").GetProperty("netChange").GetString());
        Assert.True(run.GetProperty("histogram").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task AWrittenResultReadsBackAndTheChartHasBothPercentiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"perfrunner-{Guid.NewGuid():N}.json");
        try
        {
            await ResultFile.WriteAsync(path, KnownResult(), CancellationToken.None);
            var read = ResultFile.Read(path);
            Assert.Equal(2, read.Metrics["latency_p99_ms"].Value);
            Assert.Equal(10, read.Runs[0].TimeSeries.Count);

            var svg = SvgChart.Render(read);
            Assert.StartsWith("<svg", svg);
            Assert.Contains(">p99<", svg);
            Assert.Contains(">p50<", svg);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
