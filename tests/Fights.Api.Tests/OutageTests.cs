using System.Net;
using System.Net.Http.Json;
using Fights.Api.Storage;
using SuperHeroes.Catalog.Data;
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
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Path, Fight)).StatusCode);

        await server.DisposeAsync();

        foreach (var response in new[] { await client.PostAsJsonAsync(Path, Fight), await client.GetAsync(Path + "/execute_fight") })
        {
            await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
    }

    // PostgreSQL hung (stopped, its port still accepting connections): a fight waits at most the request bound for its
    // commit, then is answered 503, never 200, also when it was queued behind the writers' stuck batches; once the
    // server runs again, fights are stored again without a restart.
    [Fact]
    public async Task WhileTheDatabaseHangsAFightIsAnswered503WithinTheRequestBound()
    {
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        try
        {
            await using var app = await ServiceApp<Program>.StartAsync(server, "fightsdb", Downstream.Settings());
            using var client = app.CreateClient();
            // One and a half bounds: a fight queued behind a stuck batch and then sent in the next would take two.
            client.Timeout = DatabaseTimeouts.RequestBound * 1.5;
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Path, Fight)).StatusCode);

            await using (await server.FreezeAsync())
            {
                // Fights arriving in waves: the first waves give every writer a batch that sticks, the last ones queue
                // behind them. The pauses only spread the arrivals; the answers are awaited, not timed.
                var answers = new List<Task<HttpResponseMessage>> { client.GetAsync(Path + "/execute_fight") };
                for (var wave = 0; wave < FightWriter.Writers + 2; wave++)
                {
                    answers.Add(client.PostAsJsonAsync(Path, Fight));
                    answers.Add(client.PostAsJsonAsync(Path, Fight));
                    await Task.Delay(300);
                }
                foreach (var response in await Task.WhenAll(answers))
                {
                    await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
                    Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
                }
            }

            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Path, Fight)).StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static readonly object Fight = new
    {
        hero = new { name = "Outage Hero", level = 70, picture = "https://example.test/h.png" },
        villain = new { name = "Outage Villain", level = 30, picture = "https://example.test/v.png" },
    };
}
