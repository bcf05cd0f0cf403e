using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using SuperHeroes.Tests;

namespace AppHost.Tests;

/// <summary>
/// A service that ends while the AppHost is still starting (here: its port is taken, as a first connection to a cold
/// PostgreSQL that timed out did in CI) is restarted like any other exit. It needs a system of its own, started with
/// the fault in place, so it waits for the fixed ports like the shared system does.
/// </summary>
public sealed class StartupSupervisionTests : IAsyncLifetime
{
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(2);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"superheroes-apphost-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TemporaryDirectories.DeleteQuietly(_dataDirectory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AServiceThatEndsWhileTheAppHostStartsIsStartedAgain()
    {
        using var ports = await TestSupport.FixedPortsLock.AcquireAsync(TimeSpan.FromMinutes(10));
        var taken = new TcpListener(IPAddress.Loopback, 8003);
        taken.Start();
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["Postgres:Mode=Local", $"LocalPostgres:DataDirectory={_dataDirectory}"]);
            await using var app = await builder.BuildAsync().WaitAsync(SystemFixture.StartTimeout);
            var starting = app.StartAsync();

            var ended = await app.ResourceNotifications.WaitForResourceAsync("locations", e =>
                e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state)).WaitAsync(SystemFixture.StartTimeout);
            Assert.NotEqual(0, ended.Snapshot.ExitCode);
            taken.Stop();

            var after = await app.ResourceNotifications.WaitForResourceHealthyAsync("locations", WaitBehavior.WaitOnResourceUnavailable)
                .WaitAsync(Recovery);
            Assert.True(Convert.ToInt32(Assert.Single(after.Snapshot.Properties, p => p.Name == "restarts").Value) >= 1);
            // The AppHost's start completes once the service is back; an endpoint is resolved only after it.
            await starting.WaitAsync(Recovery);
            using var client = app.CreateHttpClient("locations");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/locations/random")).StatusCode);
        }
        finally
        {
            taken.Stop();
        }
    }
}
