using PerfRunner.Comparison;
using PerfRunner.Metrics;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class SharedProcessesTests
{
    private static readonly DateTimeOffset SystemStart = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Services = ["fights", "heroes", "locations", "villains"];

    /// <summary>A run around 10 ms (noise seed <paramref name="seed"/>) against processes started at
    /// <paramref name="restartedAt"/> for <paramref name="restarted"/> and with the system for the rest.</summary>
    private static RunResult Against(int seed, DateTimeOffset restartedAt, params string[] restarted)
    {
        var plan = Config();
        return Result(plan, Run(1, plan, Noisy(10, seed)) with
        {
            Services = [.. Services.Select(s => Scraped(s, restarted.Contains(s) ? restartedAt : SystemStart))],
        });
    }

    private static ServiceMetrics Scraped(string service, DateTimeOffset? startedAt) =>
        new(service, $"http://{service}/metrics", true, null, 30, [], [], [], [], 0.1, 0, 0, StartedAtUtc: startedAt);

    [Fact]
    public void AServiceStartedAnewBetweenRunsIsToldFromTheProcessesBothSidesShared()
    {
        var baseline = Against(1, SystemStart.AddMinutes(5), "fights");
        var current = Against(2, SystemStart.AddMinutes(7), "fights");

        var processes = SharedProcesses.Of(baseline, current)!;
        var comparison = Comparer.Compare(baseline, current, 5, "baseline.json");

        Assert.Equal(["heroes", "locations", "villains"], processes.Shared);
        Assert.Equal(["fights"], processes.Restarted);
        Assert.Contains("fights started anew between runs, heroes, locations, villains the same processes throughout", comparison.Method);
    }

    [Fact]
    public void FreshSystemsShareNoProcessAndTheMethodSaysNothingOfThem()
    {
        var baseline = Against(1, SystemStart.AddMinutes(5), Services);
        var current = Against(2, SystemStart.AddMinutes(7), Services);

        Assert.Empty(SharedProcesses.Of(baseline, current)!.Shared);
        Assert.DoesNotContain("started anew", Comparer.Compare(baseline, current, 5, "baseline.json").Method);
    }

    [Fact]
    public void ARunThatDoesNotSayWhenAServiceStartedLeavesTheProcessesUnknown()
    {
        var baseline = Against(1, SystemStart.AddMinutes(5), "fights");
        var current = Against(2, SystemStart.AddMinutes(7), "fights");
        var unknown = current with
        {
            Runs = [current.Runs[0] with { Services = [.. current.Runs[0].Services.Select((s, i) => i == 1 ? s with { StartedAtUtc = null } : s)] }],
        };

        Assert.Null(SharedProcesses.Of(baseline, unknown));
        Assert.Null(SharedProcesses.Of(Result(Config(), Run(1, Config(), Noisy(10, 1))), baseline));
    }
}
