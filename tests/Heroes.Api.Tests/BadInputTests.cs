using System.Net;
using System.Net.Http.Json;
using System.Text;
using SuperHeroes.Tests;

namespace Heroes.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class BadInputTests(PostgresServerFixture postgres)
{
    public static TheoryData<string, string> InvalidHeroes => new()
    {
        { """{"level": 5}""", "name" },
        { """{"name": null, "level": 5}""", "name" },
        { """{"name": "ab", "level": 5}""", "name" },
        { $$"""{"name": "{{new string('x', 51)}}", "level": 5}""", "name" },
        { """{"name": "Levelless"}""", "level" },
        { """{"name": "Level Zero", "level": 0}""", "level" },
        { """{"name": "Negative", "level": -3}""", "level" },
        { $$"""{"name": "Long Picture", "level": 3, "picture": "{{new string('p', 256)}}"}""", "picture" },
    };

    [Theory]
    [MemberData(nameof(InvalidHeroes))]
    public async Task PostingInvalidHeroReturnsValidationProblem(string body, string field)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        var before = (await app.ListAsync()).Count;

        var response = await client.PostAsync("/api/heroes", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains(field, problem!.Errors.Keys);
        Assert.Equal(before, (await app.ListAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(InvalidHeroes))]
    public async Task PuttingInvalidHeroReturnsValidationProblem(string body, string field)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var hero = await app.CreateHeroAsync("Unchanged Hero");
        using var client = app.CreateClient();

        var response = await client.PutAsync($"/api/heroes/{hero.Id}", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
        Assert.Equal(hero, await client.GetFromJsonAsync<Hero>($"/api/heroes/{hero.Id}"));
    }

    [Theory]
    [InlineData("""{"level": 0}""", "level")]
    [InlineData("""{"name": "x"}""", "name")]
    public async Task PatchIsValidatedAfterTheMerge(string body, string field)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        var hero = await app.CreateHeroAsync("Patched Badly");
        using var client = app.CreateClient();

        var response = await client.PatchAsync($"/api/heroes/{hero.Id}", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
        Assert.Equal(hero, await client.GetFromJsonAsync<Hero>($"/api/heroes/{hero.Id}"));
    }

    [Theory]
    [InlineData("POST", "/api/heroes", "")]
    [InlineData("POST", "/api/heroes", "{not json")]
    [InlineData("POST", "/api/heroes", """{"name": "Typed Wrong", "level": "high"}""")]
    [InlineData("POST", "/api/heroes", """{"name": 12, "level": 3}""")]
    [InlineData("POST", "/api/heroes", "[1, 2]")]
    [InlineData("PUT", "/api/heroes/1", "")]
    [InlineData("PATCH", "/api/heroes/1", "")]
    [InlineData("PATCH", "/api/heroes/1", """{"level": 2.5}""")]
    [InlineData("PUT", "/api/heroes", """{"name": "Not a list", "level": 3}""")]
    [InlineData("PUT", "/api/heroes", "[null]")]
    public async Task MalformedBodyIsBadRequestProblem(string method, string path, string body)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) });

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MissingContentTypeIsRejectedAsProblem()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/heroes", new StringContent("""{"name":"Plain","level":3}""", Encoding.UTF8, "text/plain"));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("?page=abc")]
    [InlineData("?size=abc")]
    [InlineData("?page=-1")]
    [InlineData("?size=0")]
    [InlineData("?size=1001")]
    public async Task BadPagingIsBadRequestProblem(string query)
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();

        await AssertProblem(await client.GetAsync($"/api/heroes{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OversizedBodyIsRejectedWithoutStoringAnything()
    {
        await using var app = await HeroesApp.StartAsync(postgres);
        using var client = app.CreateClient();
        var before = (await app.ListAsync()).Count;
        var huge = $$"""{"name": "Huge", "level": 3, "powers": "{{new string('x', 9 * 1024 * 1024)}}"}""";

        var response = await client.PostAsync("/api/heroes", Json(huge));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await app.ListAsync()).Count);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text);
    }
}
