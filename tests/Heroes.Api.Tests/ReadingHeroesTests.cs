using System.Net;
using System.Net.Http.Json;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ReadingHeroesTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task ListingHeroesReturnsTheWholeSeedSetInIdOrder()
    {
        await using var app = await HeroesApp.StartAsync(postgres);

        var heroes = await app.ListAsync();

        Assert.True(heroes.Count >= 100, $"the seed set has {heroes.Count} heroes");
        Assert.Equal(heroes.OrderBy(h => h.Id).Select(h => h.Id), heroes.Select(h => h.Id));
        Assert.Equal(heroes.Count, heroes.Select(h => h.Name).Distinct().Count());
        Assert.All(heroes, h => Assert.StartsWith("https://", h.Picture));
        Assert.Contains(heroes, h => h is { Name: "Spider-Man", OtherName: "Peter Parker" });
    }

    [Fact]
    public async Task NameFilterMatchesCaseInsensitiveSubstrings()
    {
        await using var app = await HeroesApp.StartAsync(postgres);

        var spiders = await app.ListAsync("?name_filter=SPIDER");

        Assert.Equal(["Spider-Man", "Spider-Woman"], spiders.Select(h => h.Name));
    }

    [Fact]
    public async Task NameFilterTreatsPercentAndUnderscoreAsPlainCharacters()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        await app.CreateHeroAsync("Hundred% Hero");
        await app.CreateHeroAsync("Under_Score");

        Assert.Equal(["Hundred% Hero"], (await app.ListAsync("?name_filter=%25")).Select(h => h.Name));
        Assert.Equal(["Under_Score"], (await app.ListAsync("?name_filter=_")).Select(h => h.Name));
        Assert.Empty(await app.ListAsync(@"?name_filter=\"));
    }

    [Fact]
    public async Task NameFilterWithoutMatchReturnsEmptyList()
    {
        await using var app = await HeroesApp.StartAsync(postgres);

        Assert.Empty(await app.ListAsync("?name_filter=zzzz-no-such-hero"));
    }

    [Fact]
    public async Task ListingIsPagedAndLinksTheNextPage()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        var all = await app.ListAsync();

        var first = await client.GetAsync("/api/heroes?size=30");
        var firstPage = await first.Content.ReadFromJsonAsync<List<Hero>>();
        Assert.Equal(all.Take(30).Select(h => h.Id), firstPage!.Select(h => h.Id));
        Assert.Equal("</api/heroes?page=1&size=30>; rel=\"next\"", first.Headers.GetValues("Link").Single());

        var lastPageNumber = (all.Count - 1) / 30;
        var last = await client.GetAsync($"/api/heroes?page={lastPageNumber}&size=30");
        var lastPage = await last.Content.ReadFromJsonAsync<List<Hero>>();
        Assert.Equal(all.Skip(lastPageNumber * 30).Select(h => h.Id), lastPage!.Select(h => h.Id));
        Assert.False(last.Headers.Contains("Link"));

        Assert.Empty(await app.ListAsync($"?page={lastPageNumber + 1}&size=30"));
    }

    [Fact]
    public async Task UnpagedListingIsCappedAtOneThousand()
    {
        await using var app = await HeroesApp.StartAsync(postgres, generatedRows: 1000);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/heroes");
        var heroes = await response.Content.ReadFromJsonAsync<List<Hero>>();

        Assert.Equal(1000, heroes!.Count);
        Assert.Equal("</api/heroes?page=1&size=1000>; rel=\"next\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task GettingHeroByIdReturnsIt()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var created = await app.CreateHeroAsync("Fetchable Hero", level: 33);
        using var client = app.CreateClient();

        var hero = await client.GetFromJsonAsync<Hero>($"/api/heroes/{created.Id}");

        Assert.Equal(created, hero);
    }

    [Theory]
    [InlineData("/api/heroes/987654321")]
    [InlineData("/api/heroes/-1")]
    [InlineData("/api/heroes/abc")]
    [InlineData("/api/heroes/99999999999999999999999")]
    public async Task UnknownOrMalformedIdIsNotFoundProblem(string path)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HelloAnswersPlainText()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        Assert.Equal("Hello Hero Resource", await client.GetStringAsync("/api/heroes/hello"));
    }
}
