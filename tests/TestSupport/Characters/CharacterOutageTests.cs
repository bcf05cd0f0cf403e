using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperHeroes.Catalog.Data;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    // PostgreSQL killed under a running service: every endpoint that needs it says "try again" (503, Retry-After, a
    // ProblemDetails), never 500, and at once: a refused connection is not waited for.
    [Fact]
    public async Task WhileTheDatabaseIsDownEveryEndpointThatNeedsItAnswers503WithRetryAfter()
    {
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        await using var app = await ServiceApp<TProgram>.StartAsync(server, Catalog.Database, Settings(0));
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path + "/1")).StatusCode);

        await server.DisposeAsync();

        var character = new { name = "Outage", otherName = "Test", level = 10, picture = "https://example.test/p.png", powers = "None" };
        foreach (var response in new[]
                 {
                     await client.GetAsync(Path + "/1"), await client.GetAsync(Path + "/random"), await client.GetAsync(Path),
                     await client.PostAsJsonAsync(Path, character), await client.DeleteAsync(Path + "/1"),
                 })
        {
            await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<HealthReport>();
        // The database's check says it is down, and why.
        Assert.Contains(report!.Checks, c => c is { Name: "PostgreSql", Status: "Unhealthy", Reason: [_, ..] });
    }

    // PostgreSQL hung (stopped, its port still accepting connections): every endpoint that needs it answers 503 within
    // the request bound instead of Npgsql's 60 s, and the service serves again once the server does, without a restart.
    [Fact]
    public async Task WhileTheDatabaseHangsEveryEndpointThatNeedsItAnswers503WithinTheRequestBound()
    {
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        try
        {
            await using var app = await ServiceApp<TProgram>.StartAsync(server, Catalog.Database, Settings(0));
            using var client = app.CreateClient();
            // Twice the bound: the old 60 s wait fails here instead of passing slowly.
            client.Timeout = DatabaseTimeouts.RequestBound * 2;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path + "/1")).StatusCode);

            var character = new { name = "Hang", otherName = "Test", level = 10, picture = "https://example.test/p.png", powers = "None" };
            await using (await server.FreezeAsync())
            {
                var responses = await Task.WhenAll(client.GetAsync(Path + "/1"), client.GetAsync(Path + "/random"), client.GetAsync(Path),
                    client.PostAsJsonAsync(Path, character), client.DeleteAsync(Path + "/2"));
                foreach (var response in responses)
                {
                    await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
                    Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
                }
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path + "/1")).StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    // A database that does not answer while the service starts (a cold first connection that outlasted the connect
    // timeout did this in CI) is tried again until it does, instead of ending the service.
    [Fact]
    public async Task AServiceWhoseDatabaseDoesNotAnswerAtStartStartsOnceItDoes()
    {
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        try
        {
            var logs = new LogCapture();
            await using var app = new ServiceApp<TProgram>(Catalog.Database, await server.CreateDatabaseAsync(), Settings(0),
                services => services.AddSingleton<ILoggerProvider>(logs));
            Task starting;
            await using (await server.FreezeAsync())
            {
                starting = Task.Run(app.Start);
                var retried = logs.WaitForAsync(line => line.Contains("trying again", StringComparison.Ordinal));
                await Task.WhenAny(retried, starting).WaitAsync(SchemaInitializer.StartDeadline);
                // A start that gave up ends here with its exception.
                if (starting.IsCompleted)
                    await starting;
                Assert.True(retried.IsCompleted, "the start neither tried again nor ended");
            }

            await starting.WaitAsync(SchemaInitializer.StartDeadline);
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path + "/1")).StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private sealed record HealthCheck(string Name, string Status, string? Reason);

    private sealed record HealthReport(string Status, List<HealthCheck> Checks);
}
