using PerfRunner.Load;
using PerfRunner.Report;
using PerfRunner.Results;
using ServiceDefaults;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class TailAttributionTests
{
    // 1,000 iterations of 5 ms; every hundredth (10, the slowest 1 %) takes 40 ms.
    private static readonly Measurement.RunPlan Plan = SyntheticRuns.Config(rate: 100, seconds: 10);
    private static double Latency(int i) => IsSlow(i) ? 40 : 5;
    private static bool IsSlow(int i) => i % 100 == 7;
    private const string Typical = "app;dur=4, gc;dur=0, heroes;dur=1.5, heroes.app;dur=0.3, downstream;dur=2, commit;dur=1.5";

    [Fact]
    public void ASlowDownstreamCallInTheSlowestIterationsIsWhatMakesTheTail()
    {
        var run = Run(1, Plan, Latency, serverTiming: i => IsSlow(i)
            ? "app;dur=39, gc;dur=0, heroes;dur=36, heroes.app;dur=0.3, downstream;dur=36.5, commit;dur=1.5"
            : Typical);

        var tail = TailAttribution.Of(run)!;

        Assert.Equal(10, tail.Iterations);
        Assert.Equal(40, tail.SlowestLatencyMs, 3);
        // The mean iteration is taken over all of them, the slowest included.
        Assert.Equal(5.35, tail.AllLatencyMs, 3);
        Assert.Equal(TailAttribution.Downstream, tail.Dominant!.Phase);
        Assert.Equal(36.5 - (990 * 2 + 10 * 36.5) / 1000.0, tail.Dominant.ExcessMs, 3);
        // The call grew, the called service's own handler did not: the time went between the two services.
        Assert.Equal(36, tail.Details.Single(d => d.Phase.StartsWith("call to heroes", StringComparison.Ordinal)).SlowestMs, 3);
        Assert.Equal(0, tail.Details.Single(d => d.Phase.StartsWith("heroes: the called", StringComparison.Ordinal)).ExcessMs, 3);
        // The phases add up to the latency, for the slowest iterations and for the mean one.
        Assert.Equal(40, tail.Phases.Sum(p => p.SlowestMs), 3);
        Assert.Equal(5.35, tail.Phases.Sum(p => p.AllMs), 3);
    }

    [Fact]
    public void TimeTheServiceNeverSawIsAttributedOutsideTheHandlers()
    {
        var run = Run(1, Plan, Latency, serverTiming: _ => Typical);
        var result = Result(Plan, run);

        var tail = TailAttribution.Of(run)!;
        var markdown = MarkdownReport.Render(result, null, "fights");

        Assert.Equal(TailAttribution.Outside, tail.Dominant!.Phase);
        Assert.Equal(40 - 4, tail.Phases.Single(p => p.Phase == TailAttribution.Outside).SlowestMs, 3);
        Assert.Contains("### The slowest 1 %", markdown);
        Assert.Contains($"**What makes the tail:** {TailAttribution.Outside}", markdown);
        Assert.Contains($"of the excess is {TailAttribution.Outside}", markdown);
    }

    [Fact]
    public void WithoutServerTimingTheRequestsAreNotSplit()
    {
        var run = Run(1, Plan, Latency, serverTiming: _ => "");

        var tail = TailAttribution.Of(run)!;

        Assert.Equal(TailAttribution.Unexplained, tail.Dominant!.Phase);
        Assert.DoesNotContain(tail.Phases, p => p.Phase == TailAttribution.Outside);
    }

    [Fact]
    public void ARunWithoutPhasesHasNoAttribution()
    {
        Assert.Null(TailAttribution.Of(Run(1, Plan, Latency)));
        Assert.DoesNotContain("The slowest 1 %", MarkdownReport.Render(Result(Plan, Run(1, Plan, Latency)), null, "fights"));
    }

    [Theory]
    [InlineData(5, 10)]
    [InlineData(1_000, 10)]
    [InlineData(60_000, 600)]
    [InlineData(10_000_000, 5_000)]
    public void ARunKeepsItsSlowestOnePercent(double expectedIterations, int kept) =>
        Assert.Equal(kept, RunRecorder.SlowestFor(expectedIterations));

    [Fact]
    public void ServerTimingHeadersAreReadForTheirDurationsOnly()
    {
        string[] values = ["app;dur=1.5, gc;dur=0", "cache;desc=\"hit\", db;dur=2.25;desc=\"query\"", "bad;dur=x, ;dur=3, neg;dur=-1, nan;dur=NaN"];

        var parsed = ServerTimingHeader.Parse(values).ToList();

        Assert.Equal([("app", 1.5), ("gc", 0), ("db", 2.25)], parsed);
        Assert.Equal(2.25, ServerTimingHeader.Read(values, "db"));
        Assert.Null(ServerTimingHeader.Read(values, "cache"));
        Assert.Equal("app;dur=1.5, commit;dur=0.125", ServerTimingHeader.Format([("app", 1.5), ("commit", 0.125)]));
    }
}
