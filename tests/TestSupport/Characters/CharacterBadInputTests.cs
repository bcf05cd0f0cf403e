using System.Net;
using System.Net.Http.Json;
using System.Text;
using static SuperHeroes.Tests.Problems;

namespace SuperHeroes.Tests.Characters;

public static class InvalidCharacters
{
    public static TheoryData<string, string> Bodies => new()
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
}

public abstract partial class CharacterApiTests<TProgram>
{
    [Fact]
    public async Task GeneratedRequestsFromTheOpenApiDocumentNeverGetA5xxAndEveryErrorIsAProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await Fuzzing.OpenApiFuzzer.RunAsync(client);
    }

    [Theory]
    [MemberData(nameof(InvalidCharacters.Bodies), MemberType = typeof(InvalidCharacters))]
    public async Task PostingInvalidCharacterReturnsValidationProblem(string body, string field)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = (await ListAsync(app)).Count;

        var response = await client.PostAsync(Path, Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains(field, problem!.Errors.Keys);
        Assert.Equal(before, (await ListAsync(app)).Count);
    }

    // PostgreSQL text cannot hold U+0000: the database refuses it, and the client hears why.
    [Theory]
    [InlineData("""{"name": "Nul\u0000Name", "level": 5}""")]
    [InlineData("""{"name": "Nul Powers", "level": 5, "powers": "\u0000"}""")]
    public async Task PostingTextWithANulCharacterIsBadRequestAndStoresNothing(string body)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = (await ListAsync(app)).Count;

        var response = await client.PostAsync(Path, Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+0000", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await ListAsync(app)).Count);
    }

    [Theory]
    [MemberData(nameof(InvalidCharacters.Bodies), MemberType = typeof(InvalidCharacters))]
    public async Task PuttingInvalidCharacterReturnsValidationProblem(string body, string field)
    {
        await using var app = await StartAsync();
        var hero = await CreateAsync(app, "Unchanged Hero");
        using var client = app.CreateClient();

        var response = await client.PutAsync($"{Path}/{hero.Id}", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
        Assert.Equal(hero, await client.GetFromJsonAsync<Character>($"{Path}/{hero.Id}"));
    }

    [Theory]
    [InlineData("""{"level": 0}""", "level")]
    [InlineData("""{"name": "x"}""", "name")]
    public async Task PatchIsValidatedAfterTheMerge(string body, string field)
    {
        await using var app = await StartAsync();
        var hero = await CreateAsync(app, "Patched Badly");
        using var client = app.CreateClient();

        var response = await client.PatchAsync($"{Path}/{hero.Id}", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
        Assert.Equal(hero, await client.GetFromJsonAsync<Character>($"{Path}/{hero.Id}"));
    }

    [Theory]
    [InlineData("POST", "", "")]
    [InlineData("POST", "", "{not json")]
    [InlineData("POST", "", """{"name": "Typed Wrong", "level": "high"}""")]
    [InlineData("POST", "", """{"name": 12, "level": 3}""")]
    [InlineData("POST", "", "[1, 2]")]
    [InlineData("PUT", "/1", "")]
    [InlineData("PATCH", "/1", "")]
    [InlineData("PATCH", "/1", """{"level": 2.5}""")]
    [InlineData("PUT", "", """{"name": "Not a list", "level": 3}""")]
    [InlineData("PUT", "", "[null]")]
    public async Task MalformedBodyIsBadRequestProblem(string method, string pathSuffix, string body)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path + pathSuffix) { Content = Json(body) });

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MissingContentTypeIsRejectedAsProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsync(Path, new StringContent("""{"name":"Plain","level":3}""", Encoding.UTF8, "text/plain"));

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
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.GetAsync($"{Path}{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OversizedBodyIsRejectedWithoutStoringAnything()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = (await ListAsync(app)).Count;
        var huge = $$"""{"name": "Huge", "level": 3, "powers": "{{new string('x', 9 * 1024 * 1024)}}"}""";

        var response = await client.PostAsync(Path, Json(huge));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await ListAsync(app)).Count);
    }
}
