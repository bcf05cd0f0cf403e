using System.Reflection;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

[Collection(SystemCollection.Name)]
public sealed class PerfRunnerTests(SystemFixture system)
{
    private DistributedApplication App => system.App;

    [Fact]
    public async Task PerfRunnerWaitsForAnExplicitStartThenWritesAValidBaselineOfTheRunningSystem()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("fights").WaitAsync(SystemFixture.StartTimeout);
        Assert.True(App.ResourceNotifications.TryGetCurrentState("perfrunner", out var idle));
        Assert.Equal(KnownResourceStates.NotStarted, idle.Snapshot.State?.Text);

        await App.ResourceCommands.ExecuteCommandAsync("perfrunner", KnownResourceCommands.StartCommand);
        await App.ResourceNotifications.WaitForResourceAsync("perfrunner", KnownResourceStates.TerminalStates).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(App.ResourceNotifications.TryGetCurrentState("perfrunner", out var done));
        Assert.Equal(0, done.Snapshot.ExitCode);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(system.ResultsDirectory, "baseline.json")));
        var root = result.RootElement;
        Assert.Equal("fight", root.GetProperty("config").GetProperty("scenario").GetString());
        Assert.Equal(0, root.GetProperty("metrics").GetProperty("error_rate").GetProperty("value").GetDouble());
        var run = root.GetProperty("runs")[0];
        Assert.Equal(250, run.GetProperty("load").GetProperty("completed").GetInt64());
        // It found the services by service discovery and read every one's metrics around the window.
        var services = run.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.All(services.Values, s => Assert.True(s.GetProperty("valid").GetBoolean(), s.GetProperty("problem").ToString()));
        var downstream = services["fights"].GetProperty("downstream").EnumerateArray().Select(d => d.GetProperty("service").GetString()).Order();
        Assert.Equal(["heroes", "locations", "villains"], downstream);
        // Each service said how it was built, and a Debug build makes the run say its figures are not representative.
        var debug = typeof(PerfRunnerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration == "Debug";
        Assert.All(services.Values, s => Assert.Equal(!debug, s.GetProperty("optimized").GetBoolean()));
        var reasons = root.GetProperty("validity").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(debug, reasons.Any(r => r.StartsWith("services built in Debug (fights, heroes, locations, villains)", StringComparison.Ordinal)));
        // The slowest iterations are kept with the traces PerfRunner sent.
        var slowest = run.GetProperty("slowest").EnumerateArray().ToList();
        Assert.Equal(10, slowest.Count);
        Assert.All(slowest, s => Assert.Matches("^[0-9a-f]{32}$", s.GetProperty("traceId").GetString()));
        Assert.Contains("## Where time goes", await File.ReadAllTextAsync(Path.Combine(system.ResultsDirectory, "baseline.md")));

        // The dashboard command runs the same load again against that baseline.
        var compare = await App.ResourceCommands.ExecuteCommandAsync("perfrunner", "compare").WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(compare.Success, compare.Message);
        var latest = await File.ReadAllTextAsync(Path.Combine(system.ResultsDirectory, "latest.md"));
        Assert.Contains("## Comparison with Baseline", latest);
        Assert.Contains("**Net change:**", latest);
    }
}
