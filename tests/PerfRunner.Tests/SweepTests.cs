using PerfRunner.Cli;
using PerfRunner.Results;

namespace PerfRunner.Tests;

public sealed class SweepTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perfrunner-sweep-").FullName;
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AStepBrokenByAnIsolatedStallIsMeasuredAgainAndHolds()
    {
        var (code, result) = await SweepThroughAStallAsync(remeasure: 1);

        Assert.Equal(Exit.Ok, code);
        Assert.Collection(result.Steps,
            first => Assert.True(first is { Attempt: 1, Pass: false, P99Ms: > 100 }),
            second => Assert.True(second is { Attempt: 2, Pass: true }));
        Assert.Equal(50, result.Knee);
    }

    [Fact]
    public async Task WithoutRemeasuringOneStallDecides()
    {
        var (code, result) = await SweepThroughAStallAsync(remeasure: 0);

        Assert.Equal(Exit.Ok, code);
        Assert.False(Assert.Single(result.Steps).Pass);
        Assert.Null(result.Knee);
        Assert.Contains("not even 50/s held", result.Conclusion);
    }

    // One rate, 50/s: a 2 s measured window after a 0.5 s warm-up, with a 0.6 s stall of the server inside it.
    private async Task<(int Code, SweepResult Result)> SweepThroughAStallAsync(int remeasure)
    {
        var output = Path.Combine(_dir, $"sweep-{remeasure}.json");
        var stall = _server.StallAsync(after: TimeSpan.FromSeconds(1.3), length: TimeSpan.FromSeconds(0.6));
        var code = await PerfRunnerCli.InvokeAsync(
            ["sweep", "--scenario", "url", "--url", new Uri(_server.BaseUri, "stall").ToString(), "--from", "50", "--to", "50",
             "--step-duration", "2s", "--warmup", "0.5s", "--refine", "0", "--remeasure", remeasure.ToString(), "--output", output,
             "--report", Path.Combine(_dir, $"sweep-{remeasure}.md"),
             // The services' scrapes go to a closed port, whatever else runs on this machine.
             "--fights-url", "http://127.0.0.1:1/", "--heroes-url", "http://127.0.0.1:1/", "--villains-url", "http://127.0.0.1:1/",
             "--locations-url", "http://127.0.0.1:1/"],
            new StringWriter(), new StringWriter());
        await stall;
        var result = System.Text.Json.JsonSerializer.Deserialize<SweepResult>(await File.ReadAllTextAsync(output), ResultFile.Json)!;
        return (code, result);
    }
}
