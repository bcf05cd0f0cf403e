using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    [Theory]
    [InlineData("/random")]
    [InlineData("/random_{singular}")]
    public async Task RandomPickIsOneOfTheStored(string pathSuffix)
    {
        await using var app = await StartAsync();
        var ids = (await ListAsync(app)).Select(h => h.Id).ToHashSet();
        using var client = app.CreateClient();

        var hero = await client.GetFromJsonAsync<Character>(Path + pathSuffix.Replace("{singular}", Catalog.Singular));

        Assert.Contains(hero!.Id, ids);
    }

    [Fact]
    public async Task RandomPickOfEmptyTableIsNotFound()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.DeleteAsync(Path);

        var response = await client.GetAsync(Path + "/random");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // The Python system picks "the first id >= a random number up to max(id)", which favours a row after a gap.
    // Here the five survivors sit after gaps of 0, 1, 7, 8 and 0 deleted ids; a pick skewed by gaps fails this.
    [Fact]
    public async Task RandomPickIsUniformWhateverTheIdGaps()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.DeleteAsync(Path);
        var created = new List<Character>();
        for (var i = 0; i < 20; i++)
            created.Add(await CreateAsync(app, $"Gap Character {i:D2}"));
        var keep = new[] { 0, 2, 10, 19, 18 }.Select(i => created[i].Id).ToHashSet();
        foreach (var hero in created.Where(h => !keep.Contains(h.Id)))
            await client.DeleteAsync($"{Path}/{hero.Id}");

        await Uniformity.AssertUniformAsync(keep,
            async () => (await client.GetFromJsonAsync<Character>($"{Path}/random"))!.Id);
    }

    // Random rows are served from batches; a row deleted behind the service's back may be served for at most
    // RandomRowBuffer.MaxAge (1 s), never after.
    [Fact]
    public async Task RowDeletedBehindTheServicesBackIsNotServedAfterTheMaxAge()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.PutAsJsonAsync(Path, new object[] { new { name = "First Of Two", level = 5 }, new { name = "Second Of Two", level = 6 } });
        for (var i = 0; i < 20; i++)
            await client.GetAsync($"{Path}/random");

        long remaining;
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            // The last slot goes, so the slots stay dense as the service keeps them.
            await connection.ExecuteAsync($"DELETE FROM {Catalog.Plural} WHERE slot = (SELECT max(slot) FROM {Catalog.Plural})");
            remaining = await connection.ExecuteScalarAsync<long>($"SELECT id FROM {Catalog.Plural}");
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        for (var i = 0; i < 50; i++)
            Assert.Equal(remaining, (await client.GetFromJsonAsync<Character>($"{Path}/random"))!.Id);
    }

    [Fact]
    public async Task DeletingAndCreatingKeepsRandomSlotsDense()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var heroes = await ListAsync(app);
        foreach (var hero in heroes.Where((_, i) => i % 3 == 0))
            await client.DeleteAsync($"{Path}/{hero.Id}");
        await CreateAsync(app, "Late Arrival");

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        var slots = (await connection.QueryAsync<int>($"SELECT slot FROM {Catalog.Plural} ORDER BY slot")).ToList();

        Assert.Equal(Enumerable.Range(0, slots.Count), slots);
        Assert.Equal((await ListAsync(app)).Count, slots.Count);
    }
}
