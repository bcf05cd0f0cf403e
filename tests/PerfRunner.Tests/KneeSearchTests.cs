using PerfRunner.Results;
using PerfRunner.Sweep;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

/// <summary>The knee search on its own, against a system simulated by synthetic runs: no command line, no server.</summary>
public sealed class KneeSearchTests
{
    private static readonly Slo Slo = new(P99Ms: 100, ErrorRate: 0.01);

    // A system that answers in 5 ms up to the given rate and in 500 ms above it.
    private static Func<double, int, CancellationToken, Task<RunSummary>> SystemHolding(double capacity, List<double>? measured = null) =>
        (rate, step, _) =>
        {
            measured?.Add(rate);
            return Task.FromResult(Run(step, Config(rate: rate, seconds: 2), _ => rate <= capacity ? 5 : 500));
        };

    [Fact]
    public async Task TheKneeIsTheHighestRateThatHeldAfterStepsAndBisection()
    {
        var measured = new List<double>();
        var search = new KneeSearch(new SweepSettings(From: 100, To: 5000, Factor: 2, Refine: 3, Remeasure: 0, Slo), SystemHolding(300, measured));

        var outcome = await search.RunAsync(CancellationToken.None);

        Assert.Equal([100, 200, 400, 300, 350, 325], measured);
        Assert.Equal(300, outcome.Knee);
        Assert.Equal("the knee is between 300/s (holds) and 325/s (breaks)", outcome.Conclusion);
        Assert.Equal([true, true, false, true, false, false], outcome.Steps.Select(s => s.Pass));
        Assert.Matches(@"^p99 50\d\.?\d* ms > 100 ms$", Assert.Single(outcome.Steps[2].Failures));
    }

    [Fact]
    public async Task ARateThatBreaksEveryTimeIsMeasuredOnceMorePerRemeasureAndThenBreaks()
    {
        var search = new KneeSearch(new SweepSettings(From: 100, To: 100, Factor: 2, Refine: 3, Remeasure: 2, Slo), SystemHolding(50));

        var outcome = await search.RunAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], outcome.Steps.Select(s => s.Attempt));
        Assert.All(outcome.Steps, s => Assert.False(s.Pass));
        Assert.Null(outcome.Knee);
        Assert.Equal("not even 100/s held within the SLO", outcome.Conclusion);
    }

    [Fact]
    public async Task ARateThatBreaksOnceAndHoldsWhenMeasuredAgainHolds()
    {
        var measurements = 0;
        var search = new KneeSearch(new SweepSettings(From: 100, To: 100, Factor: 2, Refine: 0, Remeasure: 1, Slo), (rate, step, _) =>
        {
            var latencyMs = ++measurements == 1 ? 500 : 5;
            return Task.FromResult(Run(step, Config(rate: rate, seconds: 2), _ => latencyMs));
        });

        var outcome = await search.RunAsync(CancellationToken.None);

        Assert.Equal([false, true], outcome.Steps.Select(s => s.Pass));
        Assert.Equal(100, outcome.Knee);
        Assert.Equal("every rate up to 100/s held; raise --to to find the knee", outcome.Conclusion);
    }

    [Fact]
    public void AStepThatFailsTooOftenBreaksTheSloWhateverItsLatency()
    {
        var summary = Run(1, Config(rate: 100, seconds: 2), _ => 5, i => i % 10 == 0);

        var step = KneeSearch.Judge(100, 1, summary, Slo);

        Assert.False(step.Pass);
        Assert.Matches(@"^error rate 10\.00 ?% > 1\.00 ?%$", Assert.Single(step.Failures));
    }

    [Theory]
    [InlineData(200, 100, 2, 1, "--from must not exceed --to")]
    [InlineData(100, 200, 1, 1, "--factor must be above 1")]
    [InlineData(100, 200, 2, 6, "--remeasure must be between 0 and 5")]
    public void SettingsThatCannotMakeASweepSayWhy(double from, double to, double factor, int remeasure, string problem)
    {
        Assert.Contains(problem, new SweepSettings(from, to, factor, 3, remeasure, Slo).Problem);
    }
}
