using Dapper;
using Npgsql;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SeedingTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task SeedIsLoadedOnceWhateverTheNumberOfStarts()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using (var first = new HeroesApp(database))
            first.CreateClient().Dispose();
        await using var second = new HeroesApp(database);

        var heroes = await second.ListAsync();

        Assert.Equal(100, heroes.Count);
    }

    [Fact]
    public async Task GeneratedRowsAreAddedDeterministicallyAndOnlyOnce()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using (var first = new HeroesApp(database, generatedRows: 250))
            first.CreateClient().Dispose();
        await using (var again = new HeroesApp(database, generatedRows: 250))
            again.CreateClient().Dispose();
        await using var more = new HeroesApp(database, generatedRows: 300);
        more.CreateClient().Dispose();

        await using var connection = new NpgsqlConnection(database);
        var generated = (await connection.QueryAsync<(string Name, int Level)>(
            "SELECT name, level FROM heroes WHERE name LIKE 'Generated hero %' ORDER BY name")).ToList();
        Assert.Equal(300, generated.Count);
        Assert.Equal("Generated hero 0000001", generated[0].Name);
        Assert.Equal("Generated hero 0000300", generated[^1].Name);
        Assert.Equal(400, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM heroes"));
        Assert.Equal(399, await connection.ExecuteScalarAsync<int>("SELECT max(slot) FROM heroes"));

        // A second database generated the same way holds the same rows.
        var other = await postgres.CreateDatabaseAsync();
        await using (var twin = new HeroesApp(other, generatedRows: 300))
            twin.CreateClient().Dispose();
        await using var otherConnection = new NpgsqlConnection(other);
        Assert.Equal(generated, await otherConnection.QueryAsync<(string Name, int Level)>(
            "SELECT name, level FROM heroes WHERE name LIKE 'Generated hero %' ORDER BY name"));
    }

    [Fact]
    public async Task NegativeGeneratedRowsStopsTheServiceWithAClearMessage()
    {
        await using var app = new HeroesApp(await postgres.CreateDatabaseAsync(), generatedRows: -5);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Catalog:GeneratedRows must be 0 or more", error.ToString());
    }
}
