using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

[Collection(PostgresCollection.Name)]
public abstract class FightsTestBase(PostgresServerFixture postgres) : IAsyncLifetime
{
    protected const string Path = "/api/fights";

    protected FakeDownstream Downstream { get; private set; } = null!;

    public async Task InitializeAsync() => Downstream = await FakeDownstream.StartAsync();

    public async Task DisposeAsync() => await Downstream.DisposeAsync();

    /// <summary>The fights service on its own database, calling the fakes (set their behaviour first).</summary>
    protected Task<ServiceApp<Program>> StartAsync(IFightRandom? random = null, Dictionary<string, string?>? settings = null) =>
        ServiceApp<Program>.StartAsync(postgres, "fightsdb", new Dictionary<string, string?>(Downstream.Settings().Concat(settings ?? [])), services =>
        {
            if (random is not null)
                services.Replace(ServiceDescriptor.Singleton(random));
        });
}
