using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Tests;

/// <summary>What the AppHost does when a process it started dies on its own: start it again, and count it.</summary>
[Collection(SystemCollection.Name)]
public sealed class SupervisionTests(SystemFixture system)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(2);
    private DistributedApplication App => system.App;

    [Fact]
    public async Task AKilledServiceIsStartedAgainAndItsRestartIsCounted()
    {
        var before = await App.ResourceNotifications.WaitForResourceHealthyAsync("villains").WaitAsync(SystemFixture.StartTimeout);
        var pid = Pid(before)!.Value;

        Process.GetProcessById(pid).Kill();

        var after = await App.ResourceNotifications.WaitForResourceAsync("villains", e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is { } next && next != pid
            && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).WaitAsync(Recovery);
        Assert.True(Convert.ToInt32(Assert.Single(after.Snapshot.Properties, p => p.Name == "restarts").Value) >= 1);
        using var client = App.CreateHttpClient("villains");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/villains/random")).StatusCode);
    }

    [Fact]
    public async Task AKilledPostgreSqlIsStartedAgainAndTheServicesServeAgainWithoutARestartOfTheirOwn()
    {
        var heroes = await App.ResourceNotifications.WaitForResourceHealthyAsync("heroes").WaitAsync(SystemFixture.StartTimeout);
        var server = await App.ResourceNotifications.WaitForResourceAsync("postgres", e => Pid(e) is not null).WaitAsync(SystemFixture.StartTimeout);
        var serverPid = Pid(server);
        using var client = App.CreateHttpClient("heroes");

        Process.GetProcessById(serverPid!.Value).Kill();

        await App.ResourceNotifications.WaitForResourceAsync("postgres", e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is { } next && next != serverPid).WaitAsync(Recovery);
        using var deadline = new CancellationTokenSource(Recovery);
        // The pool's connections to the killed server fail once each (a 503 each), then new ones succeed.
        while ((await client.GetAsync("/api/heroes/random", deadline.Token)).StatusCode != HttpStatusCode.OK)
            await Task.Delay(200, deadline.Token);
        Assert.True(App.ResourceNotifications.TryGetCurrentState("heroes", out var now));
        Assert.Equal(Pid(heroes), Pid(now));
    }

    [Fact]
    public async Task AServiceStoppedOnRequestStaysStoppedUntilStartedAgain()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("locations").WaitAsync(SystemFixture.StartTimeout);
        var commands = App.Services.GetRequiredService<ResourceCommandService>();

        Assert.True((await commands.ExecuteCommandAsync("locations", KnownResourceCommands.StopCommand)).Success);

        var decided = await App.ResourceNotifications.WaitForResourceAsync("locations", e =>
            e.Snapshot.Properties.Any(p => p.Name == "supervision")).WaitAsync(Recovery);
        Assert.Equal("stopped on request: not restarted", decided.Snapshot.Properties.Single(p => p.Name == "supervision").Value);
        Assert.Contains(decided.Snapshot.State?.Text, KnownResourceStates.TerminalStates);
        Assert.True((await commands.ExecuteCommandAsync("locations", KnownResourceCommands.StartCommand)).Success);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("locations").WaitAsync(Recovery);
    }

    private static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value) : null;
}
