using PerfRunner.Cli;
using PerfRunner.Comparison;
using PerfRunner.Results;
using PerfRunner.Sweep;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

/// <summary>Two sweeps judged by their knees: sweeps of systems simulated by synthetic runs, no server.</summary>
public sealed class KneeComparisonTests : IDisposable
{
    private static readonly Slo Slo = new(P99Ms: 100, ErrorRate: 0.01);
    private readonly string _dir = Directory.CreateTempSubdirectory("perfrunner-knees-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AKneeThatFellBeyondTheThresholdIsARegression()
    {
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 600), await SweepOf(capacity: 300), 15, "baseline.json");

        Assert.Equal((600.0, 300.0, -50.0), (comparison.BaselineKnee, comparison.CurrentKnee, comparison.ChangePercent));
        Assert.Equal("regressed", comparison.Verdict);
    }

    [Fact]
    public async Task AKneeThatRoseBeyondTheThresholdIsAnImprovement()
    {
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 300), await SweepOf(capacity: 600), 15, "baseline.json");

        Assert.Equal("improved", comparison.Verdict);
        Assert.Equal(100, comparison.ChangePercent);
    }

    [Fact]
    public async Task KneesWithinTheThresholdAreUnchanged()
    {
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 600), await SweepOf(capacity: 560), 15, "baseline.json");

        Assert.Equal((600.0, 550.0), (comparison.BaselineKnee, comparison.CurrentKnee));
        Assert.Equal("unchanged", comparison.Verdict);
    }

    [Fact]
    public async Task AKneeThatMovedNoMoreThanTwoStartsOfOneSystemDoIsUnchanged()
    {
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 600), await SweepOf(capacity: 450), 15, "baseline.json");

        Assert.True(600.0 / 450 < KneeComparer.BetweenStartsFactor, "the case needs a fall within the between-start factor");
        Assert.Equal((600.0, 450.0, -25.0), (comparison.BaselineKnee, comparison.CurrentKnee, comparison.ChangePercent));
        Assert.Equal("unchanged", comparison.Verdict);
        Assert.Contains("two starts of one system", comparison.Reason);
    }

    [Fact]
    public async Task ABaselineThatNeverBrokeStillShowsARegressionBelowIt()
    {
        // The baseline held every rate up to 400/s: it holds at least that, so a knee of 200/s is worse.
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 10_000, to: 400), await SweepOf(capacity: 200), 15, "baseline.json");

        Assert.False(comparison.BaselineBroke);
        Assert.Equal("regressed", comparison.Verdict);
    }

    [Fact]
    public async Task ASweepThatNeverBrokeIsNeverCalledTheWorseSide()
    {
        // Held every rate up to 100/s: its capacity may be anything above, so a lower knee says nothing.
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 300), await SweepOf(capacity: 10_000, to: 100), 15, "baseline.json");

        Assert.Equal("inconclusive", comparison.Verdict);
        Assert.Contains("lower bound", comparison.Reason);
    }

    [Fact]
    public async Task ASweepWithoutAKneeIsInconclusive()
    {
        var comparison = KneeComparer.Compare(await SweepOf(capacity: 600), await SweepOf(capacity: 50), 15, "baseline.json");

        Assert.Null(comparison.CurrentKnee);
        Assert.Equal("inconclusive", comparison.Verdict);
    }

    [Fact]
    public async Task CompareOfTwoSweepFilesJudgesTheKneeAndFailsOnARegressionWhenAsked()
    {
        var (baseline, current) = (Path.Combine(_dir, "off.json"), Path.Combine(_dir, "on.json"));
        await ResultFile.WriteAsync(baseline, await SweepOf(capacity: 600), CancellationToken.None);
        await ResultFile.WriteAsync(current, await SweepOf(capacity: 300), CancellationToken.None);
        var (output, stdout) = (Path.Combine(_dir, "on.vs.off.json"), new StringWriter());

        var code = await PerfRunnerCli.InvokeAsync(
            ["compare", baseline, current, "--fail-on-regression", "--output", output, "--report", Path.Combine(_dir, "on.vs.off.md")], stdout, new StringWriter());

        Assert.Equal(Exit.Regression, code);
        Assert.StartsWith("Net change: regressed (the knee fell from 600/s to 300/s", stdout.ToString());
        Assert.Equal("regressed", ResultFile.ReadSweep(output).Comparison?.Verdict);
        Assert.Contains("**Against the baseline**", await File.ReadAllTextAsync(Path.Combine(_dir, "on.vs.off.md")));
    }

    [Fact]
    public async Task SeveralSweepsASideFindAChangeThatOneSweepASideCannotTellFromAnotherStart()
    {
        var (before, after) = (await SweepOf(capacity: 600), await SweepOf(capacity: 400));

        var one = KneeComparer.Compare(before, after, 15, "baseline.json");
        var three = KneeComparer.Compare([before, before, before], [after, after, after], 15, "baseline.json");

        Assert.Equal("unchanged", one.Verdict);
        Assert.Equal(("regressed", 3, 3), (three.Verdict, three.BaselineSweeps, three.CurrentSweeps));
        Assert.True(KneeComparer.BetweenStartsFactorOf(3, 3) < 600.0 / 400, "three a side allow less than the change");
        Assert.Contains("the mean knee (3 and 3 sweeps) fell", three.Reason);
    }

    [Fact]
    public async Task SeveralSweepsASideAreJudgedByTheGeometricMeanOfTheirKnees()
    {
        var comparison = KneeComparer.Compare([await SweepOf(capacity: 400), await SweepOf(capacity: 900)], [await SweepOf(capacity: 600)], 15, "baseline.json");

        Assert.Equal((600.0, 600.0, 0.0), (comparison.BaselineKnee, comparison.CurrentKnee, comparison.ChangePercent));
        Assert.Equal("unchanged", comparison.Verdict);
    }

    [Fact]
    public async Task ASideWithASweepThatNeverBrokeIsNeverCalledTheWorseSide()
    {
        var comparison = KneeComparer.Compare([await SweepOf(capacity: 600), await SweepOf(capacity: 600)],
            [await SweepOf(capacity: 200), await SweepOf(capacity: 10_000, to: 200)], 15, "baseline.json");

        Assert.False(comparison.CurrentBroke);
        Assert.Equal("inconclusive", comparison.Verdict);
    }

    [Fact]
    public async Task CompareOfSeveralSweepFilesASideListsTheKneesAndFailsOnARegressionWhenAsked()
    {
        var paths = new List<string>();
        foreach (var (name, capacity) in new[] { ("off1", 600.0), ("off2", 600.0), ("off3", 600.0), ("on1", 400.0), ("on2", 400.0), ("on3", 400.0) })
        {
            paths.Add(Path.Combine(_dir, $"{name}.json"));
            await ResultFile.WriteAsync(paths[^1], await SweepOf(capacity), CancellationToken.None);
        }
        var (output, stdout) = (Path.Combine(_dir, "on.vs.off.json"), new StringWriter());

        var code = await PerfRunnerCli.InvokeAsync(
            ["compare", string.Join(',', paths[..3]), string.Join(',', paths[3..]), "--fail-on-regression", "--output", output], stdout, new StringWriter());

        Assert.Equal(Exit.Regression, code);
        Assert.Contains("knees: 600, 600, 600 → 400, 400, 400 (geometric means of 3 and 3 sweeps above)", stdout.ToString());
        Assert.Equal((3, 3), (ResultFile.ReadSweep(output).Comparison?.BaselineSweeps, ResultFile.ReadSweep(output).Comparison?.CurrentSweeps));
    }

    [Fact]
    public async Task CompareOfASweepWithARunIsRefusedWithAMessage()
    {
        var (sweep, run) = (Path.Combine(_dir, "sweep.json"), Path.Combine(_dir, "run.json"));
        await ResultFile.WriteAsync(sweep, await SweepOf(capacity: 600), CancellationToken.None);
        var plan = Config(rate: 100, seconds: 2);
        await ResultFile.WriteAsync(run, Result(plan, Run(1, plan, _ => 5)), CancellationToken.None);
        var stderr = new StringWriter();

        var code = await PerfRunnerCli.InvokeAsync(["compare", run, sweep], new StringWriter(), stderr);

        Assert.Equal(Exit.BadInput, code);
        Assert.Contains("run.json is not a sweep", stderr.ToString());
    }

    // A sweep from 100/s, doubling, of a system that answers in 5 ms up to its capacity and in 500 ms above it.
    private static async Task<SweepResult> SweepOf(double capacity, double to = 5000)
    {
        var settings = new SweepSettings(From: 100, To: to, Factor: 2, Refine: 3, Remeasure: 0, Slo);
        var outcome = await new KneeSearch(settings, (rate, step, _) =>
            Task.FromResult(Run(step, Config(rate: rate, seconds: 2), _ => rate <= capacity ? 5 : 500))).RunAsync(CancellationToken.None);
        return new SweepResult(RunResult.CurrentSchema, new ToolInfo("PerfRunner", "sweep"), ResultBuilder.Environment(), Config(rate: 100, seconds: 2).ToConfig(),
            100, to, Slo.P99Ms, Slo.ErrorRate, outcome.Steps, outcome.Knee, outcome.Conclusion);
    }
}
