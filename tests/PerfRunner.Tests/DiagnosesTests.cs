using PerfRunner.Metrics;
using PerfRunner.Report;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

/// <summary>The guidance rules that name a cause, on runs whose figures are known: each fires on its pattern and not on the A/A one.</summary>
public sealed class DiagnosesTests
{
    private static readonly Measurement.RunPlan Plan = SyntheticRuns.Config(rate: 100, seconds: 10);
    private const string Parallel = "app;dur=4, gc;dur=0, heroes;dur=1.5, heroes.app;dur=0.2, villains;dur=1.4, villains.app;dur=0.2, locations;dur=1.6, locations.app;dur=0.2, downstream;dur=1.7, commit;dur=1.5";
    private const string Sequential = "app;dur=6.8, gc;dur=0, heroes;dur=1.5, heroes.app;dur=0.2, villains;dur=1.4, villains.app;dur=0.2, locations;dur=1.6, locations.app;dur=0.2, downstream;dur=4.6, commit;dur=1.5";

    private static ServiceMetrics Fights(long requests, long? connectionsOpened = null, long logRecords = 0) =>
        new("fights", "http://localhost:8004/metrics", true, null, 10,
            [new("/api/fights/execute_fight", "GET", requests, 0, new LatencyStats(requests, 5, 4, 8, 12))], [], [], [], 0.2, 1, 0,
            "Release", true, [], connectionsOpened, logRecords);

    // Fights calling villains 1,000 times, and villains serving what those calls became, a fifth of them failing.
    private static ServiceMetrics[] FightsAndVillains(long villainsServed) =>
    [
        Fights(1000) with { Downstream = [new("villains", 1000, 20, new LatencyStats(1000, 30, 2, 200, 1900))] },
        new("villains", "http://localhost:8002/metrics", true, null, 10,
            [new("/api/villains/random", "GET", villainsServed, villainsServed / 5, new LatencyStats(villainsServed, 1, 1, 2, 3))],
            [], [], [], 0.5, 1, 0, "Release", true),
    ];

    private static string Guidance(string serverTiming, params ServiceMetrics[] services)
    {
        var run = Run(1, Plan, _ => 8, services: services.Length > 0 ? services : [Fights(1000)], serverTiming: _ => serverTiming);
        return string.Join("\n", Report.Guidance.Analyze(Result(Plan, run), "fights").Select(f => f.Guidance));
    }

    [Fact]
    public void CallsWhosePhaseIsTheirSumAreNamedSequential()
    {
        var guidance = Guidance(Sequential);

        Assert.Contains("**Downstream calls one after another**", guidance);
        Assert.Contains("heroes 1.5 ms + locations 1.6 ms + villains 1.4 ms = 4.5 ms", guidance);
    }

    [Fact]
    public void ParallelCallsAreNotNamedSequential() =>
        Assert.DoesNotContain("one after another", Guidance(Parallel));

    [Fact]
    public void OneSlowCallIsNotMistakenForSequentialCalls() =>
        Assert.DoesNotContain("one after another", Guidance(
            "app;dur=40, heroes;dur=1.5, heroes.app;dur=0.2, villains;dur=1.4, villains.app;dur=0.2, locations;dur=33, locations.app;dur=31, downstream;dur=34, commit;dur=1.5"));

    [Theory]
    [InlineData(1000, 0, true)]
    [InlineData(3, 0, false)]
    [InlineData(340, 336, true)] // a writer batching three requests a command, a connection per command
    [InlineData(3, 336, false)]
    public void AServiceOpeningAConnectionPerRequestOrPerCommandIsNamed(long opened, long commands, bool named) =>
        Assert.Equal(named, Guidance(Parallel, Fights(1000, connectionsOpened: opened) with
            {
                Queries = commands > 0 ? [new("insert_fights", new LatencyStats(commands, 2, 2, 3, 4), commands * 2.0)] : [],
            })
            .Contains("**A database connection per request**: fights opened"));

    [Theory]
    [InlineData(6000, true)]
    [InlineData(12, false)]
    public void AServiceLoggingEveryRequestIsNamed(long records, bool named) =>
        Assert.Equal(named, Guidance(Parallel, Fights(1000, logRecords: records)).Contains("**Log records per request**: fights wrote"));

    [Theory]
    [InlineData(25_000, true)]
    [InlineData(1_900, false)]
    public void RetriesBeyondAnyBoundedPolicyAreNamed(long villainsServed, bool named) =>
        Assert.Equal(named, Guidance(Parallel, FightsAndVillains(villainsServed))
            .Contains("**Retries multiply the calls**: fights made 1000 calls to villains (20 failed in the end), and villains served 25000 requests (25 a call; 5000 answered 5xx)"));

    [Fact]
    public void AnOrdinaryRunNamesNoCause()
    {
        var guidance = Guidance(Parallel, Fights(1000, connectionsOpened: 0, logRecords: 4));

        Assert.DoesNotContain("one after another", guidance);
        Assert.DoesNotContain("connection per request", guidance);
        Assert.DoesNotContain("Log records per request", guidance);
        Assert.DoesNotContain("Retries multiply", guidance);
    }
}
