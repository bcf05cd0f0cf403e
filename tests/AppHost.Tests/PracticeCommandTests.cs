using Aspire.Hosting.ApplicationModel;
using SuperHeroes.Tests;

namespace AppHost.Tests;

/// <summary>The dashboard's practice commands: a service restarted with one bottleneck switched, and back.</summary>
[Collection(SystemCollection.Name)]
public sealed class PracticeCommandTests(SystemFixture system)
{
    private DistributedApplication App => system.App;

    [Fact]
    public async Task PracticeCommandRestartsTheServiceWithItsBottleneckSwitchedAndTheNextOneSwitchesItBack()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("locations").WaitAsync(SystemFixture.StartTimeout);
        using var client = App.CreateHttpClient("locations");
        Assert.Equal(0, await SlowDependencyOnAsync(client));

        var on = await App.ResourceCommands.ExecuteCommandAsync("locations", "practice-SlowDependency").WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(on.Success, on.Message);
        Assert.Equal("locations runs with SlowDependency on", on.Message);
        Assert.Equal(1, await SlowDependencyOnAsync(client));
        Assert.True(App.ResourceNotifications.TryGetCurrentState("locations", out var running));
        Assert.Contains(running.Snapshot.EnvironmentVariables, v => v.Name == "Practice__SlowDependency" && v.Value == "true");

        var off = await App.ResourceCommands.ExecuteCommandAsync("locations", "practice-SlowDependency").WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(off.Success, off.Message);
        Assert.Equal(0, await SlowDependencyOnAsync(client));
    }

    private static Task<double> SlowDependencyOnAsync(HttpClient client) =>
        MetricsText.SumAsync(client, "practice_bottleneck_on", "bottleneck=\"SlowDependency\"");
}
