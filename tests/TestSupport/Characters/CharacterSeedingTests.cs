using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    private string GeneratedRowsSql =>
        $"SELECT name, level FROM {Catalog.Plural} WHERE name LIKE 'Generated {Catalog.Singular} %' ORDER BY name";

    [Fact]
    public async Task SeedIsLoadedOnceWhateverTheNumberOfStarts()
    {
        var database = await Postgres.CreateDatabaseAsync();
        await using (var first = NewApp(database))
            first.Start();
        await using var second = NewApp(database);

        var characters = await ListAsync(second);

        Assert.Equal(100, characters.Count);
    }

    [Fact]
    public async Task ReseedReplacesEveryRowWithTheSeedSet()
    {
        await using var app = NewApp(await Postgres.CreateDatabaseAsync());
        using var client = app.CreateClient();
        (await client.DeleteAsync($"{Path}/1")).EnsureSuccessStatusCode();
        (await client.PostAsync(Path, JsonContent.Create(new { name = "Reseed Test", level = 3 }))).EnsureSuccessStatusCode();

        var reseed = await client.PostAsync($"{Path}/reseed", null);

        Assert.Equal(HttpStatusCode.NoContent, reseed.StatusCode);
        var characters = await ListAsync(app);
        Assert.Equal(100, characters.Count);
        Assert.DoesNotContain(characters, c => c.Name == "Reseed Test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Path}/random")).StatusCode);
    }

    [Fact]
    public async Task ReadsDuringAReseedSeeTheOldSetOrTheNewOneNeverAnEmptyTable()
    {
        // Generated rows make each reseed long enough for reads to land inside it.
        await using var app = NewApp(await Postgres.CreateDatabaseAsync(), generatedRows: 5000);
        using var reader = app.CreateClient();
        using var writer = app.CreateClient();
        var reseeds = Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
                (await writer.PostAsync($"{Path}/reseed", null)).EnsureSuccessStatusCode();
        });

        var (reads, failures) = (0, new List<string>());
        while (!reseeds.IsCompleted || reads == 0)
        {
            var random = await reader.GetAsync($"{Path}/random");
            if (random.StatusCode != HttpStatusCode.OK)
                failures.Add($"random: {(int)random.StatusCode}");
            var page = await reader.GetFromJsonAsync<List<Character>>($"{Path}?size=1");
            if (page is not [_])
                failures.Add($"list: {page?.Count} rows");
            reads++;
        }
        await reseeds;

        Assert.Empty(failures);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        Assert.Equal(5100, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Catalog.Plural}"));
    }

    [Fact]
    public async Task GeneratedRowsAreAddedDeterministicallyAndOnlyOnce()
    {
        var database = await Postgres.CreateDatabaseAsync();
        await using (var first = NewApp(database, generatedRows: 250))
            first.Start();
        await using (var again = NewApp(database, generatedRows: 250))
            again.Start();
        await using var more = NewApp(database, generatedRows: 300);
        more.Start();

        await using var connection = new NpgsqlConnection(database);
        var generated = (await connection.QueryAsync<(string Name, int Level)>(
            GeneratedRowsSql)).ToList();
        Assert.Equal(300, generated.Count);
        Assert.Equal($"Generated {Catalog.Singular} 0000001", generated[0].Name);
        Assert.Equal($"Generated {Catalog.Singular} 0000300", generated[^1].Name);
        Assert.Equal(400, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Catalog.Plural}"));
        Assert.Equal(399, await connection.ExecuteScalarAsync<int>($"SELECT max(slot) FROM {Catalog.Plural}"));

        // A second database generated the same way holds the same rows.
        var other = await Postgres.CreateDatabaseAsync();
        await using (var twin = NewApp(other, generatedRows: 300))
            twin.Start();
        await using var otherConnection = new NpgsqlConnection(other);
        Assert.Equal(generated, await otherConnection.QueryAsync<(string Name, int Level)>(
            GeneratedRowsSql));
    }

    [Fact]
    public async Task NegativeGeneratedRowsStopsTheServiceWithAClearMessage()
    {
        await using var app = NewApp(await Postgres.CreateDatabaseAsync(), generatedRows: -5);

        var error = Assert.ThrowsAny<Exception>(app.Start);

        Assert.Contains("Catalog:GeneratedRows must be 0 or more", error.ToString());
    }
}
