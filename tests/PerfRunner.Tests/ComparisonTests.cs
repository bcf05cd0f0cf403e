using PerfRunner.Comparison;
using PerfRunner.Measurement;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class ComparisonTests
{
    private static readonly RunPlan Config = SyntheticRuns.Config();

    [Fact]
    public void IdenticalRunsAreUnchanged()
    {
        var run = Result(Config, Run(1, Config, Noisy(10, 1)));

        var comparison = Compare(run, run);

        Assert.Equal("unchanged", comparison.NetChange);
        Assert.All(comparison.Metrics.Where(m => Comparer.Primary.Contains(m.Metric) && m.Verdict != "not compared"),
            m => Assert.Equal("unchanged", m.Verdict));
    }

    [Fact]
    public void ATwentyPercentSlowerRunIsARegression()
    {
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));
        var slower = Result(Config, Run(1, Config, i => Noisy(10, 2)(i) * 1.2));

        var comparison = Compare(baseline, slower);

        Assert.Equal("regressed", comparison.NetChange);
        Assert.Equal("regressed", Verdict(comparison, "latency_p50_ms"));
        var p50 = comparison.Metrics.Single(m => m.Metric == "latency_p50_ms");
        Assert.InRange(p50.ChangePercent!.Value, 12, 28);
        Assert.True(p50.CiLowPercent > 0, "the bootstrap interval excludes no change");
        Assert.Contains("single-run", comparison.Method);
    }

    [Fact]
    public void ATwentyPercentFasterRunIsAnImprovement()
    {
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));
        var faster = Result(Config, Run(1, Config, i => Noisy(10, 2)(i) * 0.8));

        var comparison = Compare(baseline, faster);

        Assert.Equal("improved", comparison.NetChange);
        Assert.Equal("improved", Verdict(comparison, "latency_p50_ms"));
    }

    [Fact]
    public void AChangeTwoStartsOfOneSystemCanShowIsNotCalledFromOneRunASide()
    {
        // +10 % is beyond the 5 % threshold and beyond what the run's own windows vary by, not beyond what two starts
        // of one system differ by at p50 (StartSpread.Fight).
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));
        var slower = Result(Config, Run(1, Config, i => Noisy(10, 2)(i) * 1.1));

        var p50 = Compare(baseline, slower).Metrics.Single(m => m.Metric == "latency_p50_ms");

        Assert.InRange(p50.ChangePercent!.Value, 6, 14);
        Assert.Equal("unchanged", p50.Verdict);
        Assert.True(p50.CiLowPercent < 0 && p50.CiHighPercent > 0, $"interval [{p50.CiLowPercent}, {p50.CiHighPercent}] includes no change");
    }

    /// <summary>The comparison of a run with one 20 % slower in every window, both of <paramref name="scenario"/>.</summary>
    private static ComparisonResult TwentyPercentSlower(string scenario)
    {
        var plan = SyntheticRuns.Config(scenario);
        return Compare(Result(plan, Run(1, plan, Noisy(10, 1))), Result(plan, Run(1, plan, i => Noisy(10, 2)(i) * 1.2)));
    }

    [Fact]
    public void AScenarioWhoseStartsWereNotMeasuredIsAllowedTheWidestSpreadBetweenStarts()
    {
        // +20 % at p50 is beyond what two starts of a fight differ by (SD 5 %: ±14 %), not beyond what two starts of
        // a hero search do (SD 12 %: ±33 %); a `url` scenario may be such a search.
        var fight = TwentyPercentSlower("execute-fight");
        var url = TwentyPercentSlower("url");
        var randomHero = TwentyPercentSlower("random-hero");

        Assert.Equal("regressed", Verdict(fight, "latency_p50_ms"));
        Assert.Equal("unchanged", Verdict(url, "latency_p50_ms"));
        Assert.Equal("unchanged", Verdict(randomHero, "latency_p50_ms"));
        Assert.Contains("measured on the fight scenarios", fight.Method);
        Assert.Contains("no 'url' scenario was measured", url.Method);
    }

    [Fact]
    public void TheWidestSpreadIsTheLargestMeasuredForEveryMetric()
    {
        foreach (var (metric, widest) in StartSpread.Widest)
        {
            Assert.Equal(Math.Max(StartSpread.Fight.GetValueOrDefault(metric), StartSpread.Search.GetValueOrDefault(metric)), widest);
        }
        Assert.Equal(12, StartSpread.Widest["latency_p50_ms"]);
        Assert.Equal(40, StartSpread.Widest["latency_p99_9_ms"]);
    }

    [Fact]
    public void NoiseWithinTheThresholdIsUnchanged()
    {
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));
        var noisy = Result(Config, Run(1, Config, i => Noisy(10, 7)(i) * 1.02));

        var comparison = Compare(baseline, noisy);

        Assert.Equal("unchanged", comparison.NetChange);
        Assert.Equal(0, comparison.Regressions);
    }

    [Fact]
    public void ALatencyRiseThatTheMachinesOwnSlowdownAccountsForIsUnchanged()
    {
        // A walk 50 % slower puts the run's times at × (2 / 3) ^ 0.4 = 0.85 of the baseline's machine speed.
        var baseline = Result(Config, OnMachine(Run(1, Config, Noisy(10, 1)), 2.0));
        var slowerMachine = Result(Config, OnMachine(Run(1, Config, i => Noisy(10, 2)(i) * 1.2), 3.0));

        var comparison = Compare(baseline, slowerMachine);

        Assert.Equal("unchanged", comparison.NetChange);
        Assert.Equal("unchanged", Verdict(comparison, "latency_p50_ms"));
        Assert.Contains(comparison.Warnings, w => w.Contains("ran 50% slower") && w.Contains("3 ms against 2 ms") && w.Contains("× 0.85"));
    }

    [Fact]
    public void ALatencyRiseBeyondTheMachinesOwnSlowdownIsARegression()
    {
        var baseline = Result(Config, OnMachine(Run(1, Config, Noisy(10, 1)), 2.0));
        var slower = Result(Config, OnMachine(Run(1, Config, i => Noisy(10, 2)(i) * 1.6), 3.0));

        var comparison = Compare(baseline, slower);

        Assert.Equal("regressed", comparison.NetChange);
        Assert.InRange(comparison.Metrics.Single(m => m.Metric == "latency_p50_ms").ChangePercent!.Value, 25, 45);
    }

    [Fact]
    public void TheMachinesSpeedAloneMakesNoChange()
    {
        // At the baseline's machine speed (a walk twice as fast) the held latency is 24 % lower; as measured it did not move.
        var baseline = Result(Config, OnMachine(Run(1, Config, Noisy(10, 1)), 2.0));
        var held = Result(Config, OnMachine(Run(1, Config, Noisy(10, 2)), 4.0));

        var comparison = Compare(baseline, held);

        Assert.Equal("unchanged", comparison.NetChange);
        var p50 = comparison.Metrics.Single(m => m.Metric == "latency_p50_ms");
        Assert.Equal("unchanged", p50.Verdict);
        Assert.StartsWith("improved only at the baseline's machine speed; as measured unchanged", p50.Note);
    }

    [Fact]
    public void ErrorsAppearingAreARegressionEvenWithFasterLatency()
    {
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));
        var failing = Result(Config, Run(1, Config, i => Noisy(10, 2)(i) * 0.5, i => i % 500 == 0));

        var comparison = Compare(baseline, failing);

        Assert.Equal("regressed", Verdict(comparison, "error_rate"));
        Assert.Equal("improved", Verdict(comparison, "latency_p50_ms"));
        Assert.Equal("regressed", comparison.NetChange);
    }

    [Fact]
    public void TailPercentilesWithTooFewSamplesAreNotCompared()
    {
        var baseline = Result(Config, Run(1, Config, Noisy(10, 1)));

        var comparison = Compare(baseline, baseline);

        var p999 = comparison.Metrics.Single(m => m.Metric == "latency_p99_9_ms");
        Assert.Equal("not compared", p999.Verdict);
        Assert.Contains("10,000", p999.Note);
    }

    [Fact]
    public void WelchOnLogsTestsRatios()
    {
        // Logs 0, 1, 2 and 3, 4, 5 (× ln 2): t = 3 / √(2/3) on 4 degrees of freedom, p = 0.02131 (Student's t, closed form for 4).
        Assert.Equal(0.021312, Statistics.WelchLogP([1, 2, 4], [8, 16, 32]), 5);
        Assert.Equal(1.0, Statistics.WelchLogP([1, 2, 4], [2, 4, 1]), 6);
        Assert.Equal(1.0, Statistics.WelchLogP([1], [8, 16]), 6);
    }

    [Fact]
    public void MannWhitneyMatchesExactTables()
    {
        Assert.Equal(2 / 252.0, Statistics.MannWhitneyP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), 6);
        Assert.Equal(1.0, Statistics.MannWhitneyP([1, 2], [1, 2]), 6);
        // U = 1 for sizes 3 and 3: P(U ≤ 1) = 2/20, two-sided 0.2.
        Assert.Equal(0.2, Statistics.MannWhitneyP([1, 2, 4], [3, 5, 6]), 6);
    }
}
