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
    [InlineData("SlowDependencyMs", "-3", "Practice:SlowDependencyMs is '-3'; give a number of milliseconds, 0 or more")]
    [InlineData("Turbo", "true", "Practice:Turbo is not a practice bottleneck")]
    public void TheCatalogueSaysWhatIsWrongWithASwitch(string key, string value, string error) =>
        Assert.StartsWith(error, Assert.Single(PracticeCatalogue.Read([new(key, value)], service: null).Errors));

    [Fact]
    public void NoBottleneckIsOnWithoutASetting() =>
        Assert.Empty(PracticeCatalogue.Read([], service: null).On);
}
