using Microsoft.Extensions.Hosting;
using SuperHeroes.Practice;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

/// <summary>The fights service's practice bottlenecks: each does what it says when on, and nothing is on by default.</summary>
public sealed class PracticeTests(PostgresServerFixture postgres) : FightsTestBase(postgres)
{
    private const string Fight = $"{Path}/execute_fight";

    [Fact]
    public async Task EveryBottleneckOfTheServiceIsOffByDefault()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var metrics = await client.GetStringAsync("/metrics");

        foreach (var b in PracticeCatalogue.All.Where(b => b.Service == "fights"))
            Assert.Contains($"practice_bottleneck_on{{otel_scope_name=\"Fights.Api\",bottleneck=\"{b.Name}\"}} 0", metrics);
        Assert.Equal(0, MetricsText.Sum(metrics, "practice_bottleneck_on"));
    }

    [Theory]
    [InlineData("SequentialCalls", "maybe", "Practice:SequentialCalls is 'maybe'; give true or false")]
    [InlineData("SequencialCalls", "true", "Practice:SequencialCalls is not a practice bottleneck; they are SequentialCalls,")]
    public async Task ABadSwitchStopsTheServiceAtStartWithWhatIsWrong(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<ServiceStartException>(() => StartAsync(settings: new() { [$"Practice:{key}"] = value }));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithSequentialCallsTheDownstreamPhaseIsTheSumOfTheCallsInsteadOfTheLongest(bool sequential)
    {
        Downstream.Set("heroes", Behaviour.Busy);
        Downstream.Set("villains", Behaviour.Busy);
        await using var app = await StartAsync(settings: new() { ["Practice:SequentialCalls"] = sequential.ToString() });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(Fight);

        response.EnsureSuccessStatusCode();
        var timing = ServiceDefaults.ServerTimingHeader.Parse(response.Headers.GetValues("Server-Timing")).ToDictionary();
        var (heroes, villains, downstream) = (timing["heroes"], timing["villains"], timing["downstream"]);
        if (sequential)
            Assert.True(downstream >= heroes + villains, $"downstream {downstream} ms, calls {heroes} + {villains} ms");
        else
            Assert.True(downstream < heroes + villains, $"downstream {downstream} ms, calls {heroes} + {villains} ms");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithConnectionPerRequestEveryStoredFightOpensADatabaseConnection(bool perRequest)
    {
        var opened = await GrowthOverFiveFightsAsync("ConnectionPerRequest", perRequest, "db_connections_opened_total");

        if (perRequest)
            Assert.True(opened >= 5, $"{opened} connections opened for 5 fights");
        else
            Assert.Equal(0, opened);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithChattyLoggingEveryRequestWritesLogRecords(bool chatty)
    {
        var written = await GrowthOverFiveFightsAsync("ChattyLogging", chatty, "log_records_total", "level=\"information\"");

        if (chatty)
            Assert.True(written >= 5 * 3, $"{written} records for 5 fights");
        else
            Assert.True(written < 5, $"{written} records for 5 fights");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithRetryStormAFailingServiceIsCalledAgainAndAgainInsteadOfAtMostFourTimes(bool storm)
    {
        Downstream.Set("villains", Behaviour.Fail500);
        await using var app = await StartAsync(settings: new() { ["Practice:RetryStorm"] = storm.ToString() });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(Fight);

        response.EnsureSuccessStatusCode();
        var attempts = Downstream.Requests("villains");
        if (storm)
            Assert.True(attempts > 20, $"{attempts} attempts for one fight");
        else
            Assert.InRange(attempts, 1, 4);
    }

    // How much a metric of the service grows over five fights, with the switch on or off (after one fight that warms pools).
    private async Task<double> GrowthOverFiveFightsAsync(string bottleneck, bool on, string metric, string labels = "")
    {
        await using var app = await StartAsync(settings: new() { [$"Practice:{bottleneck}"] = on.ToString() });
        using var client = app.CreateClient();
        (await client.GetAsync(Fight)).EnsureSuccessStatusCode();
        var before = await MetricsText.SumAsync(client, metric, labels);

        for (var i = 0; i < 5; i++)
            (await client.GetAsync(Fight)).EnsureSuccessStatusCode();

        return await MetricsText.SumAsync(client, metric, labels) - before;
    }
}
