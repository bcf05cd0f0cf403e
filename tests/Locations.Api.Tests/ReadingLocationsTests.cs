using System.Net;
using System.Net.Http.Json;
using SuperHeroes.Tests;
using static SuperHeroes.Tests.Problems;

namespace Locations.Api.Tests;

public sealed class ReadingLocationsTests(PostgresServerFixture postgres) : LocationsTestBase(postgres)
{
    // The Python system answers 500 here (it queries a table named Location that does not exist).
    [Fact]
    public async Task ListingLocationsReturnsTheSeedSetInIdOrder()
    {
        await using var app = await StartAsync();

        var locations = await ListAsync(app);

        Assert.True(locations.Count >= 30, $"the seed set has {locations.Count} locations");
        Assert.Equal(locations.OrderBy(l => l.Id).Select(l => l.Id), locations.Select(l => l.Id));
        Assert.All(locations, l => Assert.Contains(l.Type, LocationRules.Types));
        Assert.All(locations, l => Assert.StartsWith("https://", l.Picture));
        Assert.Equal(LocationRules.Types.Order(), locations.Select(l => l.Type).Distinct().Order());
        Assert.Contains(locations, l => l is { Name: "Gotham City", Type: "CITY" });
    }

    [Fact]
    public async Task ListingIsPagedAndLinksTheNextPage()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var all = await ListAsync(app);

        var response = await client.GetAsync($"{Path}?page=1&size=10");

        Assert.Equal(all.Skip(10).Take(10), await response.Content.ReadFromJsonAsync<List<Location>>());
        Assert.Equal($"<{Path}?page=2&size=10>; rel=\"next\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task GettingLocationByIdReturnsIt()
    {
        await using var app = await StartAsync();
        var created = await CreateAsync(app, "Test Crater", "MOON");
        using var client = app.CreateClient();

        Assert.Equal(created, await client.GetFromJsonAsync<Location>($"{Path}/{created.Id}"));
    }

    [Theory]
    [InlineData("/987654321")]
    [InlineData("/abc")]
    [InlineData("/name/Nowhere%20Land")]
    [InlineData("/name/gotham%20city")]
    public async Task UnknownLocationIsNotFoundProblem(string pathSuffix)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.GetAsync(Path + pathSuffix), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GettingLocationByExactNameReturnsIt()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var location = await client.GetFromJsonAsync<Location>($"{Path}/name/{Uri.EscapeDataString("Fortress of Solitude")}");

        Assert.Equal(new { Name = "Fortress of Solitude", Type = "PLACE" }, new { location!.Name, location.Type });
    }

    [Theory]
    [InlineData("/random")]
    [InlineData("/random_location")]
    public async Task RandomLocationIsOneOfTheStored(string pathSuffix)
    {
        await using var app = await StartAsync();
        var ids = (await ListAsync(app)).Select(l => l.Id).ToHashSet();
        using var client = app.CreateClient();

        var location = await client.GetFromJsonAsync<Location>(Path + pathSuffix);

        Assert.Contains(location!.Id, ids);
    }

    [Fact]
    public async Task RandomLocationIsUniformWhateverTheIdGaps()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.DeleteAsync(Path);
        var created = new List<Location>();
        for (var i = 0; i < 12; i++)
            created.Add(await CreateAsync(app, $"Gap Location {i:D2}"));
        var keep = new[] { 0, 1, 9, 11 }.Select(i => created[i].Id).ToHashSet();
        foreach (var location in created.Where(l => !keep.Contains(l.Id)))
            await client.DeleteAsync($"{Path}/{location.Id}");

        await Uniformity.AssertUniformAsync(keep, async () => (await client.GetFromJsonAsync<Location>($"{Path}/random"))!.Id);
    }

    [Fact]
    public async Task RandomLocationOfEmptyTableIsNotFound()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.DeleteAsync(Path);

        await AssertProblem(await client.GetAsync($"{Path}/random"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HelloAnswersPlainText()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        Assert.Equal("Hello Location Resource", await client.GetStringAsync($"{Path}/hello"));
    }

    [Fact]
    public async Task MetricsAndOpenApiDescribeTheService()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.GetAsync($"{Path}/random");
        await client.GetAsync($"{Path}/name/Atlantis");

        var metrics = await client.GetStringAsync("/metrics");
        var openApi = await client.GetStringAsync("/openapi/v1.json");

        Assert.Matches("""db_query_duration_seconds_count\{[^}]*query_type="get_random"[^}]*\} 1""", metrics);
        Assert.Matches("""db_query_duration_seconds_count\{[^}]*query_type="get_by_name"[^}]*\} 1""", metrics);
        Assert.Contains("\"/api/locations/name/{name}\"", openApi);
        Assert.StartsWith("{\"status\":\"Healthy\"", await client.GetStringAsync("/health"));
    }
}
