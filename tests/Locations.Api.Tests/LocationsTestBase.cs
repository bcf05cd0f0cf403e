using System.Net.Http.Json;
using SuperHeroes.Tests;

namespace Locations.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

[Collection(PostgresCollection.Name)]
public abstract class LocationsTestBase(PostgresServerFixture postgres)
{
    protected const string Path = "/api/locations";

    protected PostgresServerFixture Postgres => postgres;

    protected Task<ServiceApp<Program>> StartAsync() => ServiceApp<Program>.StartAsync(postgres, "locationsdb");

    protected static async Task<Location> CreateAsync(ServiceApp<Program> app, string name, string type = "PLACE")
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync(Path, new { name, description = "A test place", picture = "https://example.test/l.png", type });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Location>())!;
    }

    protected static async Task<List<Location>> ListAsync(ServiceApp<Program> app, string query = "")
    {
        using var client = app.CreateClient();
        return (await client.GetFromJsonAsync<List<Location>>(Path + query))!;
    }
}
