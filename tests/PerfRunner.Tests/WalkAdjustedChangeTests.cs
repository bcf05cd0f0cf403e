using PerfRunner.Comparison;
using PerfRunner.Measurement;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class WalkAdjustedChangeTests
{
    private static readonly RunPlan Config = SyntheticRuns.Config();

    [Fact]
    public void TheChangeAtOneMachineSpeedIsTheSidesDifferenceLessTheSlopeTimesTheirWalksApart()
    {
        // Logs: baseline walk -1, 0, 1 and current 0, 1, 2; value 0.5 × walk + (0.1, -0.2, 0.1), the current's + ln 1.2.
        // One slope 0.5 (Sxy 2 / Sxx 4), residual variance 0.12 / 3, walks 1 apart: standard error √(0.04 × (1/3 + 1/3 + 1/4)) = 0.1915,
        // t = ln 1.2 / 0.1915 = 0.952 on 3 degrees of freedom, p = 0.4113; 95 % interval ± 3.1824 × 0.1915.
        double[] noise = [0.1, -0.2, 0.1];
        IReadOnlyList<(double, double)> Side(double firstWalk, double change) =>
            [.. noise.Select((n, i) => (Math.Exp(firstWalk + i), Math.Exp(0.5 * (firstWalk + i) + n) * change))];

        var fit = WalkAdjustedChange.Of(Side(-1, 1), Side(0, 1.2))!;

        Assert.Equal(20.0, fit.ChangePercent, 2);
        Assert.Equal(0.5, fit.Elasticity, 3);
        Assert.Equal(0.4113, fit.P, 4);
        Assert.Equal(-34.76, fit.LowPercent, 2);
        Assert.Equal(120.72, fit.HighPercent, 2);
        Assert.Null(WalkAdjustedChange.Of(Side(-1, 1).Take(2).ToList(), Side(0, 1.2)));
    }

    [Theory]
    [InlineData(1.0, "unchanged")]
    [InlineData(1.2, "regressed")]
    [InlineData(0.8, "improved")]
    public void StartsOnASlowerMachineAreJudgedAtOneMachineSpeed(double change, string expected)
    {
        // Each start's latency follows its walk with elasticity 0.4; the current side's machine ran 60 % slower.
        double[] walks = [1.5, 2.0, 2.5, 3.0, 3.5];
        RunResult Side(int seed, double slower, double factor) => Result(Config, walks.Select((walk, i) =>
            OnMachine(Run(i + 1, Config, x => Noisy(10, seed + i)(x) * factor * Math.Pow(walk * slower / 2.5, 0.4)), walk * slower)).ToArray());

        var comparison = Comparer.Compare(Side(1, 1, 1), Side(20, 1.6, change), 5, "b", 5, 5);

        var p50 = comparison.Metrics.Single(m => m.Metric == "latency_p50_ms");
        Assert.Equal(expected, comparison.NetChange);
        Assert.Equal(expected, p50.Verdict);
        Assert.InRange(p50.ChangePercent!.Value, (change - 1) * 100 - 3, (change - 1) * 100 + 3);
        Assert.StartsWith("t-test over the starts' log values with the machine's walk as covariate", comparison.Method);
        Assert.Contains("this metric's elasticity 0.4", p50.Note);
    }
}
