using System.Net;
using System.Net.Http.Json;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

public sealed class OutageTests(PostgresServerFixture postgres) : FightsTestBase(postgres)
{
    // A fight that cannot be committed is not answered 200: with PostgreSQL killed, posting one answers 503 with
    // Retry-After, and so does the whole flow, although its downstream calls still work.
    [Fact]
    public async Task WhileTheDatabaseIsDownAFightIsAnswered503NotStoredAndNot200()
    {
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        await using var app = await ServiceApp<Program>.StartAsync(server, "fightsdb", Downstream.Settings());
        using var client = app.CreateClient();
        var fight = new
        {
            hero = new { name = "Outage Hero", level = 70, picture = "https://example.test/h.png" },
            villain = new { name = "Outage Villain", level = 30, picture = "https://example.test/v.png" },
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Path, fight)).StatusCode);

        await server.DisposeAsync();

        foreach (var response in new[] { await client.PostAsJsonAsync(Path, fight), await client.GetAsync(Path + "/execute_fight") })
        {
            await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
    }
}
