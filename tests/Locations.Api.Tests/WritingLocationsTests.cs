using System.Net;
using System.Net.Http.Json;
using Npgsql;
using SuperHeroes.Tests;
using static SuperHeroes.Tests.Problems;

namespace Locations.Api.Tests;

public sealed class WritingLocationsTests(PostgresServerFixture postgres) : LocationsTestBase(postgres)
{
    [Fact]
    public async Task PostingLocationReturnsCreatedWithLocationHeader()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(Path, new { name = "Test Harbour", description = "Boats", picture = "https://example.test/h.png", type = "CITY" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<Location>();
        Assert.Equal($"{Path}/{created!.Id}", response.Headers.Location?.ToString());
        Assert.Equal(new Location(created.Id, "Test Harbour", "Boats", "https://example.test/h.png", "CITY"),
            await client.GetFromJsonAsync<Location>(response.Headers.Location));
    }

    [Fact]
    public async Task PostingDuplicateNameIsConflictProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = (await ListAsync(app)).Count;

        var response = await client.PostAsJsonAsync(Path, new { name = "Gotham City", type = "CITY" });

        await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal(before, (await ListAsync(app)).Count);
    }

    public static TheoryData<string, string> InvalidLocations => new()
    {
        { """{"type": "CITY"}""", "name" },
        { """{"name": "ab", "type": "CITY"}""", "name" },
        { $$"""{"name": "{{new string('n', 51)}}", "type": "CITY"}""", "name" },
        { """{"name": "Typeless"}""", "type" },
        { """{"name": "Galaxy Far Away", "type": "GALAXY"}""", "type" },
        { """{"name": "Lower Case Town", "type": "city"}""", "type" },
        { $$"""{"name": "Long Picture", "type": "CITY", "picture": "{{new string('p', 256)}}"}""", "picture" },
    };

    [Theory]
    [MemberData(nameof(InvalidLocations))]
    public async Task PostingInvalidLocationReturnsValidationProblem(string body, string field)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsync(Path, Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{broken")]
    [InlineData("""{"name": "Typed Wrong", "type": 3}""")]
    public async Task MalformedBodyIsBadRequestProblem(string body)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await AssertProblem(await client.PostAsync(Path, Json(body)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheDatabaseItselfRefusesAnUnknownType()
    {
        await using var app = await StartAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO locations (name, type, slot) VALUES ('Sneaky', 'GALAXY', 999)", connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task PuttingLocationReplacesIt()
    {
        await using var app = await StartAsync();
        var location = await CreateAsync(app, "Old Name");
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync($"{Path}/{location.Id}", new { name = "New Name", type = "ISLAND" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new Location(location.Id, "New Name", null, null, "ISLAND"), await client.GetFromJsonAsync<Location>($"{Path}/{location.Id}"));
    }

    [Fact]
    public async Task PuttingUnknownLocationIsNotFound()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"{Path}/987654321", new { name = "Nobody", type = "PLACE" })).StatusCode);
    }

    [Fact]
    public async Task RenamingToATakenNameIsConflictProblem()
    {
        await using var app = await StartAsync();
        var location = await CreateAsync(app, "Unique Spot");
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync($"{Path}/{location.Id}", new { name = "Atlantis", type = "PLACE" });

        await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal(location, await client.GetFromJsonAsync<Location>($"{Path}/{location.Id}"));
    }

    [Fact]
    public async Task DeletingLocationRemovesIt()
    {
        await using var app = await StartAsync();
        var location = await CreateAsync(app, "Doomed Place");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Path}/{location.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Path}/{location.Id}")).StatusCode);
    }

    [Fact]
    public async Task DeletingAllLocationsEmptiesTheTable()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Path)).StatusCode);
        Assert.Empty(await ListAsync(app));
    }

    [Fact]
    public async Task ReplacingAllLocationsStoresExactlyTheGivenList()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync(Path, new object[] { new { name = "Only Moon", type = "MOON" }, new { name = "Only Planet", type = "PLANET" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Path, response.Headers.Location?.ToString());
        Assert.Equal(["Only Moon", "Only Planet"], (await ListAsync(app)).Select(l => l.Name));
    }

    [Fact]
    public async Task ReplacingAllWithDuplicateNamesChangesNothing()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var before = await ListAsync(app);

        var response = await client.PutAsJsonAsync(Path, new object[] { new { name = "Twin Town", type = "CITY" }, new { name = "Twin Town", type = "CITY" } });

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("[1].name", (await response.Content.ReadFromJsonAsync<ValidationProblem>())!.Errors.Keys);
        Assert.Equal(before, await ListAsync(app));
    }

    [Fact]
    public async Task ReseedReplacesEveryLocationWithTheSeedSet()
    {
        await using var app = await StartAsync();
        var seeded = (await ListAsync(app)).Count;
        await CreateAsync(app, "Reseed Test Island", "ISLAND");
        using var client = app.CreateClient();

        var reseed = await client.PostAsync($"{Path}/reseed", null);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, reseed.StatusCode);
        var after = await ListAsync(app);
        Assert.Equal(seeded, after.Count);
        Assert.DoesNotContain(after, l => l.Name == "Reseed Test Island");
    }
}
