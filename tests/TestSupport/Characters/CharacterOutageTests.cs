using System.Net;
using System.Net.Http.Json;

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

    private sealed record HealthCheck(string Name, string Status, string? Reason);

    private sealed record HealthReport(string Status, List<HealthCheck> Checks);
}
