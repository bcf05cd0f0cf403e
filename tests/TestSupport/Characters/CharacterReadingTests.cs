using System.Net;
using System.Net.Http.Json;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    [Fact]
    public async Task ListingReturnsTheWholeSeedSetInIdOrder()
    {
        await using var app = await StartAsync();

        var heroes = await ListAsync(app);

        Assert.True(heroes.Count >= 100, $"the seed set has {heroes.Count} heroes");
        Assert.Equal(heroes.OrderBy(h => h.Id).Select(h => h.Id), heroes.Select(h => h.Id));
        Assert.Equal(heroes.Count, heroes.Select(h => h.Name).Distinct().Count());
        Assert.All(heroes, h => Assert.StartsWith("https://", h.Picture));
        Assert.Contains(heroes, h => h.Name == Catalog.KnownName && h.OtherName == Catalog.KnownOtherName);
    }

    [Fact]
    public async Task NameFilterMatchesCaseInsensitiveSubstrings()
    {
        await using var app = await StartAsync();

        var matches = await ListAsync(app, $"?name_filter={Catalog.FilterTerm}");

        Assert.Equal(Catalog.FilterMatches, matches.Select(h => h.Name));
    }

    [Fact]
    public async Task NameFilterTreatsPercentAndUnderscoreAsPlainCharacters()
    {
        await using var app = await StartAsync();
        await CreateAsync(app, "Hundred% Hero");
        await CreateAsync(app, "Under_Score");

        Assert.Equal(["Hundred% Hero"], (await ListAsync(app, "?name_filter=%25")).Select(h => h.Name));
        Assert.Equal(["Under_Score"], (await ListAsync(app, "?name_filter=_")).Select(h => h.Name));
        Assert.Empty(await ListAsync(app, @"?name_filter=\"));
    }

    [Fact]
    public async Task NameFilterWithoutMatchReturnsEmptyList()
    {
        await using var app = await StartAsync();

        Assert.Empty(await ListAsync(app, "?name_filter=zzzz-no-such-hero"));
    }

    [Fact]
    public async Task FollowingTheNextLinksWalksEveryRowOnceInIdOrder()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var all = await ListAsync(app);

        var first = await client.GetAsync(Path + "?size=30");
        Assert.Equal($"<{Path}?after={all[29].Id}&size=30>; rel=\"next\"", first.Headers.GetValues("Link").Single());
        var walked = new List<long>();
        string? next = Path + "?size=30";
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            walked.AddRange((await response.Content.ReadFromJsonAsync<List<Character>>())!.Select(c => c.Id));
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single()[1..link.Single().IndexOf('>')] : null;
        }

        Assert.Equal(all.Select(c => c.Id), walked);
    }

    [Fact]
    public async Task PagesAskedByNumberAreLinkedByNumber()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var all = await ListAsync(app);

        var second = await client.GetAsync(Path + "?page=1&size=30");
        Assert.Equal(all.Skip(30).Take(30).Select(h => h.Id), (await second.Content.ReadFromJsonAsync<List<Character>>())!.Select(h => h.Id));
        Assert.Equal($"<{Path}?page=2&size=30>; rel=\"next\"", second.Headers.GetValues("Link").Single());

        var lastPageNumber = (all.Count - 1) / 30;
        var last = await client.GetAsync($"{Path}?page={lastPageNumber}&size=30");
        var lastPage = await last.Content.ReadFromJsonAsync<List<Character>>();
        Assert.Equal(all.Skip(lastPageNumber * 30).Select(h => h.Id), lastPage!.Select(h => h.Id));
        Assert.False(last.Headers.Contains("Link"));

        Assert.Empty(await ListAsync(app, $"?page={lastPageNumber + 1}&size=30"));
    }

    [Fact]
    public async Task AskingByPageNumberAndByLastIdAtOnceIsAValidationProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync(Path + "?page=1&after=5");

        await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("after", (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
    }

    [Fact]
    public async Task UnpagedListingIsCappedAtOneThousand()
    {
        await using var app = await StartAsync(generatedRows: 1000);
        using var client = app.CreateClient();

        var response = await client.GetAsync(Path);
        var heroes = await response.Content.ReadFromJsonAsync<List<Character>>();

        Assert.Equal(1000, heroes!.Count);
        Assert.Equal($"<{Path}?after={heroes[^1].Id}&size=1000>; rel=\"next\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task GettingByIdReturnsIt()
    {
        await using var app = await StartAsync();
        var created = await CreateAsync(app, "Fetchable Hero", level: 33);
        using var client = app.CreateClient();

        var hero = await client.GetFromJsonAsync<Character>($"{Path}/{created.Id}");

        Assert.Equal(created, hero);
    }

    [Theory]
    [InlineData("/987654321")]
    [InlineData("/-1")]
    [InlineData("/abc")]
    [InlineData("/99999999999999999999999")]
    public async Task UnknownOrMalformedIdIsNotFoundProblem(string pathSuffix)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync(Path + pathSuffix);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HelloAnswersPlainText()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        Assert.Equal($"Hello {Catalog.Title} Resource", await client.GetStringAsync(Path + "/hello"));
    }
}
