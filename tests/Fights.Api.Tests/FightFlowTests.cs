using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SuperHeroes.Tests;
using static SuperHeroes.Tests.Problems;

namespace Fights.Api.Tests;

public sealed class FightFlowTests(PostgresServerFixture postgres) : FightsTestBase(postgres)
{
    private static readonly object Hero62 = new { name = "Strong Hero", level = 62, picture = "https://example.test/h.png", powers = "Strength" };
    private static readonly object Villain40 = new { name = "Weak Villain", level = 40, picture = "https://example.test/v.png" };

    [Fact]
    public async Task ExecuteFightStoresTheFightAndAnswersItAsStored()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var fight = await client.GetFromJsonAsync<Fight>($"{Path}/execute_fight");

        // Fake hero 62 against fake villain 40: 22 levels ahead, the hero always wins.
        Assert.Equal(("Fake Hero", 62, "Fake Villain", 40), (fight!.WinnerName, fight.WinnerLevel, fight.LoserName, fight.LoserLevel));
        Assert.Equal((Teams.Heroes, Teams.Villains), (fight.WinnerTeam, fight.LoserTeam));
        Assert.Equal("Fake Place", fight.Location?.Name);
        Assert.InRange(fight.FightDate, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(fight, await client.GetFromJsonAsync<Fight>($"{Path}/{fight.Id}"));
    }

    [Fact]
    public async Task AFightsServerTimingSplitsItsTimeIntoTheCallsTheCalledServicesOwnTimeAndTheCommit()
    {
        await using var app = await StartAsync();
        Downstream.Set("heroes", Behaviour.Busy);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"{Path}/execute_fight");

        response.EnsureSuccessStatusCode();
        var timing = ServiceDefaults.ServerTimingHeader.Parse(response.Headers.GetValues("Server-Timing")).ToDictionary();
        var busyMs = FakeDownstream.BusyDelay.TotalMilliseconds;
        Assert.InRange(timing["heroes"], busyMs, double.MaxValue);
        Assert.Equal(FakeDownstream.AppMs, timing["heroes.app"]);
        Assert.Equal(FakeDownstream.AppMs, timing["locations.app"]);
        // The calls run in parallel: the downstream phase is the slowest call, not the sum of the three.
        Assert.InRange(timing["downstream"], timing["heroes"], timing["heroes"] + timing["villains"] + timing["locations"]);
        Assert.True(timing["commit"] > 0);
        Assert.InRange(timing["app"], timing["downstream"] + timing["commit"], double.MaxValue);
    }

    // The dashboard shows one fight as one trace only if the trace context reaches every service and the database.
    [Fact]
    public async Task OneFightIsOneTraceAcrossTheOtherServicesAndTheDatabase()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var databaseSpans = new ConcurrentBag<ActivityTraceId>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => databaseSpans.Add(activity.TraceId),
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}/execute_fight");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        Assert.Equal([traceId.ToString(), traceId.ToString(), traceId.ToString()], Downstream.TraceIds);
        Assert.Contains(traceId, databaseSpans);
    }

    [Fact]
    public async Task PostedFightFollowsTheRuleAndIsStored()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var heroWins = await client.PostAsJsonAsync(Path, new { hero = Hero62, villain = Villain40 });
        var villainWins = await client.PostAsJsonAsync(Path, new
        {
            hero = new { name = "Weak Hero", level = 40, picture = "https://example.test/wh.png" },
            villain = new { name = "Strong Villain", level = 62, picture = "https://example.test/sv.png" },
            location = new { name = "Arena" },
        });

        Assert.Equal(HttpStatusCode.OK, heroWins.StatusCode);
        var first = await heroWins.Content.ReadFromJsonAsync<Fight>();
        var second = await villainWins.Content.ReadFromJsonAsync<Fight>();
        Assert.Equal(("Strong Hero", "heroes", "Strength", null), (first!.WinnerName, first.WinnerTeam, first.WinnerPowers, first.Location));
        Assert.Equal(("Strong Villain", "villains", "Arena"), (second!.WinnerName, second.WinnerTeam, second.Location?.Name));
        Assert.Equal([first, second], await client.GetFromJsonAsync<List<Fight>>(Path));
    }

    [Fact]
    public async Task TheInjectedRandomSourceDecidesEqualFights()
    {
        await using var app = await StartAsync(new AlwaysZero());
        using var client = app.CreateClient();
        var equal = new { hero = new { name = "Even Hero", level = 30, picture = "p" }, villain = new { name = "Even Villain", level = 30, picture = "p" } };

        // Both adjustments 0: not ahead, not behind, so the coin (false) gives it to the villain.
        var fight = await (await client.PostAsJsonAsync(Path, equal)).Content.ReadFromJsonAsync<Fight>();

        Assert.Equal("Even Villain", fight!.WinnerName);
    }

    private sealed class AlwaysZero : IFightRandom
    {
        public int Next(int bound) => 0;
        public bool NextBool() => false;
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""{"villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "", "level": 1, "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "level": 1, "picture": ""}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "level": "high", "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "level": 2.5, "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": "Superman", "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("[]")]
    [InlineData("""{"hero": {"name": "H\u0000", "level": 1, "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}}""")]
    [InlineData("""{"hero": {"name": "H", "level": 1, "picture": "p"}, "villain": {"name": "V", "level": 1, "picture": "p"}, "location": {"name": "\u0000"}}""")]
    public async Task BadFightRequestIsBadRequestProblemAndStoresNothing(string body)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.PostAsync(Path, Json(body)), HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetFromJsonAsync<List<Fight>>(Path))!);
    }

    [Fact]
    public async Task ListingIsPagedNewestFirstWithClampedParameters()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var stored = new List<Fight>();
        for (var i = 0; i < 25; i++)
            stored.Add((await (await client.PostAsJsonAsync(Path, new { hero = Hero62, villain = Villain40 })).Content.ReadFromJsonAsync<Fight>())!);
        var newestFirst = stored.OrderByDescending(f => f.FightDate).ThenByDescending(f => f.Id).Select(f => f.Id).ToList();

        async Task<List<long>> Page(string query) =>
            (await client.GetFromJsonAsync<List<Fight>>($"{Path}?{query}"))!.Select(f => f.Id).ToList();

        Assert.Equal(stored.Select(f => f.Id), (await client.GetFromJsonAsync<List<Fight>>(Path))!.Select(f => f.Id));
        Assert.Equal(newestFirst.Take(20), await Page("page=0"));
        Assert.Equal(newestFirst.Skip(20), await Page("page=1"));
        Assert.Equal(newestFirst.Take(10), await Page("size=10"));
        Assert.Equal(newestFirst.Take(10), await Page("page=-3&size=10"));
        Assert.Equal(newestFirst.Take(1), await Page("size=0"));
        Assert.Equal(newestFirst, await Page("size=1000"));
        Assert.Empty(await Page("page=9"));
    }

    [Theory]
    [InlineData("?page=abc")]
    [InlineData("?size=1.5")]
    public async Task NonIntegerPagingIsBadRequestProblem(string query)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.GetAsync(Path + query), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/987654321")]
    [InlineData("/not-an-id")]
    public async Task UnknownFightIsNotFoundProblem(string pathSuffix)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.GetAsync(Path + pathSuffix), HttpStatusCode.NotFound);
    }

    // A fight the client saw is never lost, and none is stored twice.
    [Fact]
    public async Task ConcurrentFightsAreEachStoredExactlyOnce()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var posted = Enumerable.Range(0, 40).Select(async _ =>
            (await (await client.PostAsJsonAsync(Path, new { hero = Hero62, villain = Villain40 })).Content.ReadFromJsonAsync<Fight>())!);
        var executed = Enumerable.Range(0, 40).Select(async _ => (await client.GetFromJsonAsync<Fight>($"{Path}/execute_fight"))!);
        var answered = await Task.WhenAll(posted.Concat(executed));

        var stored = (await client.GetFromJsonAsync<List<Fight>>(Path))!;
        Assert.Equal(80, stored.Count);
        // Whole fights, not only ids: concurrent fights share commits, and each must get its own row back.
        Assert.Equal(answered.OrderBy(f => f.Id), stored.OrderBy(f => f.Id));
        foreach (var fight in answered.Take(5))
            Assert.Equal(fight, await client.GetFromJsonAsync<Fight>($"{Path}/{fight.Id}"));
        Assert.Matches("""fights_total\{[^}]*winner_team="heroes"[^}]*\} 80""", await client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task BrowsersFromOtherOriginsMayCallTheApi()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, Path);
        preflight.Headers.Add("Origin", "http://fights-ui.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        var response = await client.SendAsync(preflight);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheFightsApi()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/fights", "/api/fights/{id}", "/api/fights/randomfighters", "/api/fights/randomlocation", "/api/fights/execute_fight" })
            Assert.Contains($"\"{path}\"", document);
    }
}
