using PerfRunner.Cli;
using PerfRunner.Comparison;
using PerfRunner.Measurement;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

/// <summary>Comparisons over several runs a side: runs of one start each side (Mann–Whitney) and starts (their logs).</summary>
public sealed class SeveralRunsComparisonTests
{
    private static readonly RunPlan Config = SyntheticRuns.Config();

    [Fact]
    public void RepeatedRunsAreComparedWithMannWhitney()
    {
        var baseline = Repeated(5, 0);
        var slower = Repeated(5, 10, 1.2);

        var comparison = Compare(baseline, slower);

        Assert.Contains("mann-whitney", comparison.Method);
        var p50 = comparison.Metrics.Single(m => m.Metric == "latency_p50_ms");
        Assert.Equal("regressed", p50.Verdict);
        Assert.Equal(2 / 252.0, p50.PValue!.Value, 3);
        Assert.Empty(comparison.Warnings);
    }

    [Fact]
    public void RepeatedRunsOfOneStartASideMustDifferByMoreThanStartsDo()
    {
        // Five runs a side, every one 10 % slower: Mann–Whitney separates the sides completely (p = 0.008), but two
        // starts of a fight differ at p50 by up to ±14 % (SD 5 %); five starts a side by ±6 %.
        var baseline = Repeated(5, 0);
        var slower = Repeated(5, 10, 1.1);

        var oneStartASide = Comparer.Compare(baseline, slower, 5, "b").Metrics.Single(m => m.Metric == "latency_p50_ms");
        var fiveStartsASide = Comparer.Compare(baseline, slower, 5, "b", 5, 5).Metrics.Single(m => m.Metric == "latency_p50_ms");

        Assert.True(oneStartASide.PValue < Comparer.Alpha, $"p = {oneStartASide.PValue}");
        Assert.Equal("unchanged", oneStartASide.Verdict);
        Assert.Equal("within what starts differ by (±13.9%)", oneStartASide.Note);
        Assert.Equal("regressed", fiveStartsASide.Verdict);
    }

    [Theory]
    // Five starts a side allow a fight's p50 ±6 % for how starts differ: the threshold must not hide what they show.
    [InlineData(5, 1.1)]
    // The runs of ThreeRunsPerSideWarnThatNothingCanBeSignificant, as three starts a side: tested over their logs, they can be.
    [InlineData(3, 1.5)]
    public void AChangeOverSeveralStartsASideIsFoundOverTheirLogs(int starts, double factor)
    {
        var baseline = Repeated(starts, 0);
        var slower = Repeated(starts, 10, factor);

        var comparison = Comparer.Compare(baseline, slower, ComparisonOptions.DefaultThreshold, "b", starts, starts);

        Assert.Equal("regressed", Verdict(comparison, "latency_p50_ms"));
        Assert.Equal("regressed", comparison.NetChange);
        Assert.StartsWith("welch t-test over the starts' log values", comparison.Method);
        Assert.DoesNotContain(comparison.Warnings, w => w.Contains("fewer than 4 runs"));
    }

    [Fact]
    public void WithSeveralStartsASideTheMachinesElasticityIsFittedOnThem()
    {
        // Each start's latency follows its walk with elasticity 0.2, on both sides alike.
        double[] walks = [1.5, 2.0, 2.5, 3.0, 3.5];
        RunResult Side(int seed) => Result(Config, walks.Select((walk, i) =>
            OnMachine(Run(i + 1, Config, x => Noisy(10, seed + i)(x) * Math.Pow(walk / 2.5, 0.2)), walk)).ToArray());
        var (baseline, current) = (Side(1), Side(20));

        var fitted = MachineSpeedAdjustment.Fitted(baseline, current, 5, 5);
        var comparison = Comparer.Compare(baseline, current, 5, "b", 5, 5);

        Assert.InRange(fitted!.Elasticity, 0.15, 0.25);
        Assert.Contains(FormattableString.Invariant($"elasticity {fitted.Elasticity:0.##}, p50's fitted on these starts"), comparison.Method);
        Assert.Equal("unchanged", comparison.NetChange);
        Assert.Null(MachineSpeedAdjustment.Fitted(baseline, current, 1, 1));
        Assert.EndsWith("with elasticity 0.4", Comparer.Compare(baseline, current, 5, "b").Method);
    }

    [Fact]
    public void ThreeRunsPerSideWarnThatNothingCanBeSignificant()
    {
        var baseline = Repeated(3, 0);
        var slower = Repeated(3, 10, 1.5);

        var comparison = Compare(baseline, slower);

        Assert.Equal("unchanged", comparison.NetChange);
        Assert.Contains(comparison.Warnings, w => w.Contains("fewer than 4 runs"));
    }

    [Fact]
    public void ThreeStartsASideOfTheSameSystemAreUnchanged()
    {
        var comparison = Comparer.Compare(Repeated(3, 0), Repeated(3, 10), ComparisonOptions.DefaultThreshold, "b", 3, 3);

        Assert.Equal("unchanged", comparison.NetChange);
    }

    [Fact]
    public void RunsThatGetFasterOneAfterTheOtherAreFlaggedAsDrift()
    {
        double[] medians = [28, 15, 9, 10, 9.4];
        var drifting = Result(Config, medians.Select((m, i) => Run(i + 1, Config, Noisy(m, i))).ToArray());
        var steady = Repeated(5, 0);

        var comparison = Compare(steady, drifting);

        Assert.Contains(comparison.Warnings, w => w.StartsWith("This run's runs drift"));
        Assert.DoesNotContain(comparison.Warnings, w => w.Contains("baseline's runs drift"));
        Assert.Equal(-0.7, Statistics.TrendCorrelation(medians), 6);
        Assert.Equal(1, Statistics.TrendCorrelation([1, 2, 3, 4]), 6);
    }
}
