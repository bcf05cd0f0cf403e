using System.Net;
using System.Net.Http.Json;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    private static readonly object Chocolatine = new { name = "Super Chocolatine", otherName = "Pain au chocolat", level = 42, picture = "https://example.test/choco.png", powers = "Flaky layers" };

    [Fact]
    public async Task PostingCharacterReturnsCreatedWithLocationOfTheStored()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = (await ListAsync(app)).Count;

        var response = await client.PostAsJsonAsync(Path, Chocolatine);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<Character>();
        Assert.Equal($"{Path}/{created!.Id}", response.Headers.Location?.ToString());
        var stored = await client.GetFromJsonAsync<Character>(response.Headers.Location);
        Assert.Equal(new Character(created.Id, "Super Chocolatine", "Pain au chocolat", 42, "https://example.test/choco.png", "Flaky layers"), stored);
        Assert.Equal(before + 1, (await ListAsync(app)).Count);
    }

    [Fact]
    public async Task PuttingCharacterReplacesEveryField()
    {
        await using var app = await StartAsync();
        var hero = await CreateAsync(app, "Replaceable");
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync($"{Path}/{hero.Id}", new { name = "Replaced", level = 77 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new Character(hero.Id, "Replaced", null, 77, null, null), await client.GetFromJsonAsync<Character>($"{Path}/{hero.Id}"));
    }

    [Fact]
    public async Task PuttingUnknownCharacterIsNotFound()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync(Path + "/987654321", Chocolatine);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PatchingCharacterMergesOnlyTheGivenFields()
    {
        await using var app = await StartAsync();
        var hero = await CreateAsync(app, "Patchable", level: 12);
        using var client = app.CreateClient();

        var response = await client.PatchAsJsonAsync($"{Path}/{hero.Id}", new { picture = "https://example.test/new.png", powers = "New powers" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = hero with { Picture = "https://example.test/new.png", Powers = "New powers" };
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<Character>());
        Assert.Equal(expected, await client.GetFromJsonAsync<Character>($"{Path}/{hero.Id}"));
    }

    [Fact]
    public async Task ConcurrentPatchesOfDifferentFieldsKeepBothChanges()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        for (var round = 0; round < 10; round++)
        {
            var character = await CreateAsync(app, $"Patched Twice {round}");
            await Task.WhenAll(
                client.PatchAsJsonAsync($"{Path}/{character.Id}", new { picture = "https://example.test/both.png" }),
                client.PatchAsJsonAsync($"{Path}/{character.Id}", new { powers = "Both powers" }));

            var stored = await client.GetFromJsonAsync<Character>($"{Path}/{character.Id}");
            Assert.Equal(("https://example.test/both.png", "Both powers"), (stored!.Picture, stored.Powers));
        }
    }

    [Fact]
    public async Task PatchingUnknownCharacterIsNotFound()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PatchAsJsonAsync(Path + "/987654321", new { level = 3 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DeletingCharacterRemovesIt()
    {
        await using var app = await StartAsync();
        var hero = await CreateAsync(app, "Deletable");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Path}/{hero.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Path}/{hero.Id}")).StatusCode);
        // Deleting is idempotent.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Path}/{hero.Id}")).StatusCode);
    }

    [Fact]
    public async Task DeletingAllEmptiesTheTable()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Path)).StatusCode);
        Assert.Empty(await ListAsync(app));
    }

    [Fact]
    public async Task ReplacingAllStoresExactlyTheGivenListInOrder()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        object[] replacement =
        [
            new { name = "First Replacement", level = 42 },
            new { name = "Second Replacement", otherName = "Two", level = 43, picture = "https://example.test/2.png", powers = "Being second" },
        ];

        var response = await client.PutAsJsonAsync(Path, replacement);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Path, response.Headers.Location?.ToString());
        var stored = await ListAsync(app);
        Assert.Equal(["First Replacement", "Second Replacement"], stored.Select(h => h.Name));
        Assert.Equal([42, 43], stored.Select(h => h.Level));
        Assert.Equal(stored, await response.Content.ReadFromJsonAsync<List<Character>>());
    }

    [Fact]
    public async Task ReplacingAllWithAnInvalidEntryChangesNothing()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = await ListAsync(app);

        var response = await client.PutAsJsonAsync(Path, new object[] { new { name = "Valid One", level = 5 }, new { name = "No", level = 0 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains("[1].name", problem!.Errors.Keys);
        Assert.Contains("[1].level", problem.Errors.Keys);
        Assert.Equal(before, await ListAsync(app));
    }
}
