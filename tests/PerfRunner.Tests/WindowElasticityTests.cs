using PerfRunner.Comparison;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class WindowElasticityTests
{
    private static readonly Measurement.RunPlan Plan = Config();

    /// <summary>
    /// A run around 10 ms × <paramref name="factor"/> on a machine whose walk swings ±30 % around <paramref name="walkMs"/>
    /// from second to second, every latency following it at <paramref name="elasticity"/>; <paramref name="timed"/> false
    /// leaves the windows without their walk, as a result written before they had one.
    /// </summary>
    private static RunSummary OnSwingingMachine(int seed, double factor, double walkMs, double elasticity, bool timed = true)
    {
        double Walk(int second) => walkMs * (1 + 0.3 * Math.Sin(second * 1.3));
        var run = Run(1, Plan, i => Noisy(10, seed)(i) * factor * Math.Pow(Walk((int)(i / Plan.Load.Rate)), elasticity));
        run.Metrics[ResultBuilder.MachineWalkMetric] = new Metric(walkMs, "ms", "none");
        return timed ? run with { TimeSeries = [.. run.TimeSeries.Select(w => w with { WalkMs = Walk(w.Second) })] } : run;
    }

    [Fact]
    public void HowLatencyFollowedTheMachineWithinTheRunsIsFittedOnTheirWindows()
    {
        var fit = WindowElasticity.Of(Result(Plan, OnSwingingMachine(1, 1, 1.0, 0.35)), Result(Plan, OnSwingingMachine(2, 1, 0.5, 0.35)))!;

        Assert.Equal(60, fit.Points);
        Assert.InRange(fit.Elasticity, 0.28, 0.42);
        Assert.True(fit.Low < fit.Elasticity && fit.Elasticity < fit.High, $"interval {fit.Low}-{fit.High} around {fit.Elasticity}");
        Assert.True(fit.High - fit.Low < 0.2, $"interval {fit.Low}-{fit.High} is as narrow as 60 windows make it");
    }

    [Fact]
    public void AChangeTheMachinesSpeedHidAsMeasuredIsFoundWhenTheWindowsShowHowLatencyFollowsIt()
    {
        // 30 % slower code on a machine twice as fast: as measured 1.3 × 0.5 ^ 0.35 = 1.02, at the baseline's speed 1.3.
        var comparison = Comparer.Compare(Result(Plan, OnSwingingMachine(1, 1, 1.0, 0.35)), Result(Plan, OnSwingingMachine(2, 1.3, 0.5, 0.35)), 5, "b");
        var untimed = Comparer.Compare(Result(Plan, OnSwingingMachine(1, 1, 1.0, 0.35, timed: false)),
            Result(Plan, OnSwingingMachine(2, 1.3, 0.5, 0.35, timed: false)), 5, "b");

        Assert.Equal("regressed", comparison.Metrics.Single(m => m.Metric == "latency_p50_ms").Verdict);
        Assert.Contains("fitted on the runs' 60 windows", comparison.Method);
        var p50 = untimed.Metrics.Single(m => m.Metric == "latency_p50_ms");
        Assert.Equal("unchanged", p50.Verdict);
        Assert.StartsWith("regressed only at the baseline's machine speed; as measured unchanged", p50.Note);
    }

    [Fact]
    public void TheMachinesSpeedAloneMakesNoChangeWhenTheWindowsShowHowLatencyFollowsIt()
    {
        var comparison = Comparer.Compare(Result(Plan, OnSwingingMachine(1, 1, 1.0, 0.35)), Result(Plan, OnSwingingMachine(2, 1, 0.5, 0.35)), 5, "b");

        Assert.Equal("unchanged", comparison.NetChange);
        Assert.Contains("a verdict must hold at elasticity", comparison.Method);
    }
}
