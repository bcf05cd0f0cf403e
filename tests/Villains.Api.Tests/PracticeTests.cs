using System.Net;
using SuperHeroes.Tests;

namespace Villains.Api.Tests;

/// <summary>The practice fault FailingVillains: a share of random villains fails, and every call beyond the capacity.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PracticeTests(PostgresServerFixture postgres)
{
    private const string Random = "/api/villains/random";

    private Task<ServiceApp<Program>> StartAsync(bool on, int percent, int capacity) =>
        ServiceApp<Program>.StartAsync(postgres, "villainsdb", new Dictionary<string, string?>
        {
            ["Practice:FailingVillains"] = on.ToString(),
            ["Practice:FailingVillainsPercent"] = $"{percent}",
            ["Practice:FailingVillainsCapacity"] = $"{capacity}",
        });

    private static async Task<List<HttpStatusCode>> RandomVillainsAsync(HttpClient client, int count)
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(Random);
            codes.Add(response.StatusCode);
        }
        return codes;
    }

    [Fact]
    public async Task WithFailingVillainsItsShareOfRandomVillainsFailsWithAProblem()
    {
        await using var app = await StartAsync(on: true, percent: 100, capacity: 1_000_000);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(Random);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Practice fault FailingVillains", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/villains")).StatusCode);
    }

    [Fact]
    public async Task WithFailingVillainsEveryCallBeyondTheCapacityOfASecondIsShed()
    {
        await using var app = await StartAsync(on: true, percent: 0, capacity: 0);
        using var client = app.CreateClient();

        Assert.All(await RandomVillainsAsync(client, 5), code => Assert.Equal(HttpStatusCode.ServiceUnavailable, code));
    }

    [Fact]
    public async Task WithFailingVillainsOffEveryRandomVillainIsServed()
    {
        await using var app = await StartAsync(on: false, percent: 100, capacity: 0);
        using var client = app.CreateClient();

        Assert.All(await RandomVillainsAsync(client, 5), code => Assert.Equal(HttpStatusCode.OK, code));
        Assert.Equal(0, await MetricsText.SumAsync(client, "practice_bottleneck_on"));
    }
}
