using System.Net.Http.Json;
using Dapper;
using Npgsql;
using SuperHeroes.Catalog.Characters;
using SuperHeroes.Practice;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PracticeTests(PostgresServerFixture postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithRandomByFullScanEveryRandomHeroIsItsOwnQuery(bool fullScan)
    {
        await using var app = await ServiceApp<Program>.StartAsync(postgres, "heroesdb",
            new Dictionary<string, string?> { ["Practice:RandomByFullScan"] = fullScan.ToString() });
        using var client = app.CreateClient();
        (await client.GetAsync("/api/heroes/random")).EnsureSuccessStatusCode();
        var before = await MetricsText.SumAsync(client, "db_query_duration_seconds_count", "query_type=\"get_random\"");

        for (var i = 0; i < 20; i++)
            (await client.GetAsync("/api/heroes/random")).EnsureSuccessStatusCode();

        var queries = await MetricsText.SumAsync(client, "db_query_duration_seconds_count", "query_type=\"get_random\"") - before;
        // Off, random heroes come from batches drawn by slot: far fewer queries than answers.
        Assert.True(fullScan ? queries >= 20 : queries < 20, $"{queries} queries for 20 random heroes");
    }

    [Fact]
    public async Task WithUnindexedNameFilterTheNameFilterLosesItsIndexAndStillFindsTheSameHeroes()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database);
        async Task<(bool Indexed, List<string> Found)> StartAsync(bool unindexed)
        {
            await using var app = new ServiceApp<Program>("heroesdb", database,
                new Dictionary<string, string?> { ["Practice:UnindexedNameFilter"] = unindexed.ToString() });
            using var client = app.CreateClient();
            var found = await client.GetFromJsonAsync<List<Hero>>("/api/heroes?name_filter=MAN&size=1000");
            var indexed = await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'heroes' AND indexname = 'heroes_name_trgm')");
            return (indexed, found!.Select(h => h.Name).ToList());
        }

        var off = await StartAsync(unindexed: false);
        var on = await StartAsync(unindexed: true);
        var offAgain = await StartAsync(unindexed: false);

        Assert.Equal((true, false, true), (off.Indexed, on.Indexed, offAgain.Indexed));
        Assert.NotEmpty(off.Found);
        Assert.Equal(off.Found, on.Found);
        Assert.Equal(off.Found, offAgain.Found);
    }

    [Fact]
    public async Task TheNameFiltersQueryCanUseTheTrigramIndex()
    {
        await using var app = await ServiceApp<Program>.StartAsync(postgres, "heroesdb");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // The table is small, so the planner would rightly read it whole; forbidding that shows the index fits the query.
        await connection.ExecuteAsync("SET enable_seqscan = off");

        var plan = string.Join("\n", await connection.QueryAsync<string>(
            "EXPLAIN " + CharacterStore<Hero>.Sql.ListByName.Replace("@after", "0").Replace("@pattern", "'%zzz%'")
                .Replace("@limit", "10").Replace("@offset", "0")));

        Assert.Contains("heroes_name_trgm", plan);
    }

    [Fact]
    public void TheCatalogueReadsEachServicesSwitchesAndSkipsTheOthers()
    {
        KeyValuePair<string, string?>[] settings =
            [new("RandomByFullScan", "true"), new("SequentialCalls", "true"), new("SlowDependencyMs", "5"), new("ChattyLogging", "False")];

        var heroes = PracticeCatalogue.Read(settings, "heroes");
        var all = PracticeCatalogue.Read(settings, service: null);

        Assert.Empty(heroes.Errors);
        Assert.Equal([PracticeCatalogue.RandomByFullScan], heroes.On.Select(b => b.Name));
        Assert.Equal([PracticeCatalogue.RandomByFullScan, PracticeCatalogue.SequentialCalls], all.On.Select(b => b.Name).Order());
        Assert.Equal(5, all.Number("SlowDependencyMs"));
        Assert.Equal(20, all.Number("SlowDependencyJitterMs"));
    }

    [Theory]
    [InlineData("RandomByFullScan", "1", "Practice:RandomByFullScan is '1'; give true or false")]
    [InlineData("SlowDependencyMs", "-3", "Practice:SlowDependencyMs is '-3'; give a number, 0 or more")]
    [InlineData("Turbo", "true", "Practice:Turbo is not a practice bottleneck")]
    public void TheCatalogueSaysWhatIsWrongWithASwitch(string key, string value, string error) =>
        Assert.StartsWith(error, Assert.Single(PracticeCatalogue.Read([new(key, value)], service: null).Errors));

    [Fact]
    public void NoBottleneckIsOnWithoutASetting() =>
        Assert.Empty(PracticeCatalogue.Read([], service: null).On);
}
