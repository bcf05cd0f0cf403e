using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

/// <summary>The Heroes service in memory, on a database of its own in the shared test server.</summary>
public sealed class HeroesApp(string connectionString, int generatedRows = 0) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    public static async Task<HeroesApp> StartAsync(PostgresServerFixture postgres, int generatedRows = 0)
    {
        var app = new HeroesApp(await postgres.CreateDatabaseAsync(), generatedRows);
        app.CreateClient().Dispose();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:heroesdb", ConnectionString);
        builder.UseSetting("Catalog:GeneratedRows", generatedRows.ToString());
    }

    public async Task<Hero> CreateHeroAsync(string name, int level = 10)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/heroes", new { name, otherName = "Test", level, picture = "https://example.test/p.png", powers = "Testing" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Hero>())!;
    }

    public async Task<List<Hero>> ListAsync(string query = "")
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<List<Hero>>($"/api/heroes{query}"))!;
    }
}
