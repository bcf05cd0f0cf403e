using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests;

[Collection(SystemCollection.Name)]
public sealed class SystemTests(SystemFixture system)
{
    private static readonly TimeSpan StartTimeout = SystemFixture.StartTimeout;
    private DistributedApplication App => system.App;

    [Theory]
    [InlineData("heroes", "http://localhost:8001/", 100)]
    [InlineData("villains", "http://localhost:8002/", 100)]
    [InlineData("locations", "http://localhost:8003/", 30)]
    public async Task CatalogServiceBecomesHealthyAndServesItsSeedSet(string service, string address, int minimumSeed)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync(service).WaitAsync(StartTimeout);
        using var client = App.CreateHttpClient(service);

        var random = await client.GetFromJsonAsync<JsonElement>($"/api/{service}/random");
        var all = await client.GetFromJsonAsync<JsonElement[]>($"/api/{service}");

        Assert.True(random.GetProperty("id").GetInt64() > 0);
        Assert.True(all!.Length >= minimumSeed, $"{service} has {all.Length} rows");
        Assert.Contains("db_query_duration_seconds_bucket", await client.GetStringAsync("/metrics"));
        // The fixed ports of the Python system, served by the services themselves (no proxy).
        Assert.Equal(address, client.BaseAddress?.ToString());
    }

    [Fact]
    public async Task ExecuteFightRunsThroughAllServicesAndIsReadBack()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("fights").WaitAsync(StartTimeout);
        using var client = App.CreateHttpClient("fights");

        var fight = await client.GetFromJsonAsync<JsonElement>("/api/fights/execute_fight");
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/fights/{fight.GetProperty("id").GetInt64()}");

        Assert.Equal(fight.ToString(), stored.ToString());
        // Real fighters and a real location: no fallback was needed.
        Assert.DoesNotContain("Fallback", fight.ToString());
        Assert.Contains(fight.GetProperty("winnerTeam").GetString(), new[] { "heroes", "villains" });
        Assert.Equal("http://localhost:8004/", client.BaseAddress?.ToString());
        var metrics = await client.GetStringAsync("/metrics");
        foreach (var service in new[] { "heroes", "villains", "locations" })
            Assert.Matches($$"""external_request_duration_seconds_count\{[^}]*outcome="success",service="{{service}}"[^}]*\}""", metrics);
    }

    [Theory]
    [InlineData("heroes")]
    [InlineData("fights")]
    public async Task ServicesFollowTheSampledFlagOfTheTraceparentTheyReceive(string service)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync(service).WaitAsync(StartTimeout);

        Assert.True(App.ResourceNotifications.TryGetCurrentState(service, out var state));
        // The orchestrator's default (always_on) would trace every request PerfRunner marks as not sampled.
        var sampler = Assert.Single(state.Snapshot.EnvironmentVariables, v => v.Name == "OTEL_TRACES_SAMPLER");
        Assert.Equal("parentbased_always_on", sampler.Value);
    }

    [Theory]
    [InlineData("heroes")]
    [InlineData("fights")]
    public async Task ServicesRunWithAFixedGen0Budget(string service)
    {
        // What the process itself was started with, not only what the model says.
        var environment = await ServiceProcessFileAsync(service, "environ");
        Assert.Contains("DOTNET_GCgen0size=0x400000", environment);
    }

    [Theory]
    [InlineData("heroes", "Heroes.Api")]
    [InlineData("fights", "Fights.Api")]
    public async Task ServicesRunAsTheirBuiltAppWithoutADotnetRunWrapper(string service, string project)
    {
        var commandLine = await ServiceProcessFileAsync(service, "cmdline");
        // With the default launch this process would be `dotnet run --project ...`, holding the service as its child.
        Assert.Equal(["exec", $"{project}.dll"], [commandLine[1], Path.GetFileName(commandLine[2])]);
    }

    // One of /proc's NUL-separated files (cmdline, environ) of the process the orchestrator started for a healthy service.
    private async Task<string[]> ServiceProcessFileAsync(string service, string file)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync(service).WaitAsync(StartTimeout);
        Assert.True(App.ResourceNotifications.TryGetCurrentState(service, out var state));
        var pid = Convert.ToInt32(Assert.Single(state.Snapshot.Properties, p => p.Name == "executable.pid").Value);
        return File.ReadAllText($"/proc/{pid}/{file}").Split('\0');
    }

    [Fact]
    public async Task EveryServiceDatabaseIsCreatedOnTheLocalServer()
    {
        foreach (var database in new[] { "heroesdb", "villainsdb", "locationsdb", "fightsdb" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(database).WaitAsync(StartTimeout);
            var connectionString = await App.GetConnectionStringAsync(database);
            Assert.Contains($"Database={database[..^2]}", connectionString);
        }
    }
}
