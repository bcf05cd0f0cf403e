using SuperHeroes.Tests;

namespace AppHost.Tests;

/// <summary>
/// The whole AppHost as a user runs it, in local PostgreSQL mode (no Docker) with a throwaway data directory,
/// started once for all the tests of the system collection.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"superheroes-apphost-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    public string ResultsDirectory { get; } = Path.Combine(Path.GetTempPath(), $"superheroes-results-{Guid.NewGuid():N}");

    private TestSupport.FixedPortsLock? _ports;

    public async Task InitializeAsync()
    {
        _ports = await TestSupport.FixedPortsLock.AcquireAsync(TimeSpan.FromMinutes(10));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Postgres:Mode=Local", $"LocalPostgres:DataDirectory={_dataDirectory}", $"PerfRunner:ResultsDirectory={ResultsDirectory}",
             "PerfRunner:Duration=5s", "PerfRunner:Warmup=2s", "PerfRunner:ColdWarmup=3s"]);
        App = await builder.BuildAsync().WaitAsync(StartTimeout);
        await App.StartAsync().WaitAsync(StartTimeout);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _ports?.Dispose();
        TemporaryDirectories.DeleteQuietly(_dataDirectory, ResultsDirectory);
    }
}

/// <summary>One AppHost for every class that needs it: the services listen on fixed ports, so two cannot run at once.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
