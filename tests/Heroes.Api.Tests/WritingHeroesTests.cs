using System.Net;
using System.Net.Http.Json;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class WritingHeroesTests(PostgresServerFixture postgres)
{
    private static readonly object Chocolatine = new { name = "Super Chocolatine", otherName = "Pain au chocolat", level = 42, picture = "https://example.test/choco.png", powers = "Flaky layers" };

    [Fact]
    public async Task PostingHeroReturnsCreatedWithLocationOfTheStoredHero()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        var before = (await app.ListAsync()).Count;

        var response = await client.PostAsJsonAsync("/api/heroes", Chocolatine);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<Hero>();
        Assert.Equal($"/api/heroes/{created!.Id}", response.Headers.Location?.ToString());
        var stored = await client.GetFromJsonAsync<Hero>(response.Headers.Location);
        Assert.Equal(new Hero(created.Id, "Super Chocolatine", "Pain au chocolat", 42, "https://example.test/choco.png", "Flaky layers"), stored);
        Assert.Equal(before + 1, (await app.ListAsync()).Count);
    }

    [Fact]
    public async Task PuttingHeroReplacesEveryField()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var hero = await app.CreateHeroAsync("Replaceable");
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync($"/api/heroes/{hero.Id}", new { name = "Replaced", level = 77 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new Hero(hero.Id, "Replaced", null, 77, null, null), await client.GetFromJsonAsync<Hero>($"/api/heroes/{hero.Id}"));
    }

    [Fact]
    public async Task PuttingUnknownHeroIsNotFound()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync("/api/heroes/987654321", Chocolatine);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PatchingHeroMergesOnlyTheGivenFields()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var hero = await app.CreateHeroAsync("Patchable", level: 12);
        using var client = app.CreateClient();

        var response = await client.PatchAsJsonAsync($"/api/heroes/{hero.Id}", new { picture = "https://example.test/new.png", powers = "New powers" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = hero with { Picture = "https://example.test/new.png", Powers = "New powers" };
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<Hero>());
        Assert.Equal(expected, await client.GetFromJsonAsync<Hero>($"/api/heroes/{hero.Id}"));
    }

    [Fact]
    public async Task PatchingUnknownHeroIsNotFound()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        var response = await client.PatchAsJsonAsync("/api/heroes/987654321", new { level = 3 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DeletingHeroRemovesIt()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var hero = await app.CreateHeroAsync("Deletable");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/heroes/{hero.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/heroes/{hero.Id}")).StatusCode);
        // Deleting is idempotent.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/heroes/{hero.Id}")).StatusCode);
    }

    [Fact]
    public async Task DeletingAllHeroesEmptiesTheTable()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/heroes")).StatusCode);
        Assert.Empty(await app.ListAsync());
    }

    [Fact]
    public async Task ReplacingAllHeroesStoresExactlyTheGivenListInOrder()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        object[] replacement =
        [
            new { name = "First Replacement", level = 42 },
            new { name = "Second Replacement", otherName = "Two", level = 43, picture = "https://example.test/2.png", powers = "Being second" },
        ];

        var response = await client.PutAsJsonAsync("/api/heroes", replacement);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/heroes", response.Headers.Location?.ToString());
        var stored = await app.ListAsync();
        Assert.Equal(["First Replacement", "Second Replacement"], stored.Select(h => h.Name));
        Assert.Equal([42, 43], stored.Select(h => h.Level));
        Assert.Equal(stored, await response.Content.ReadFromJsonAsync<List<Hero>>());
    }

    [Fact]
    public async Task ReplacingAllWithAnInvalidEntryChangesNothing()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        var before = await app.ListAsync();

        var response = await client.PutAsJsonAsync("/api/heroes", new object[] { new { name = "Valid One", level = 5 }, new { name = "No", level = 0 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains("[1].name", problem!.Errors.Keys);
        Assert.Contains("[1].level", problem.Errors.Keys);
        Assert.Equal(before, await app.ListAsync());
    }
}

public sealed record ValidationProblem(string Title, int Status, Dictionary<string, string[]> Errors);
