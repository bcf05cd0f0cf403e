using System.Diagnostics;
using SuperHeroes.Tests;

namespace Locations.Api.Tests;

public sealed class PracticeTests(PostgresServerFixture postgres) : LocationsTestBase(postgres)
{
    private Task<ServiceApp<Program>> StartSlowAsync(int delayMs) =>
        ServiceApp<Program>.StartAsync(Postgres, "locationsdb", new Dictionary<string, string?>
        {
            ["Practice:SlowDependency"] = "true", ["Practice:SlowDependencyMs"] = $"{delayMs}", ["Practice:SlowDependencyJitterMs"] = "0",
        });

    [Fact]
    public async Task WithSlowDependencyARandomLocationAnswersNoSoonerThanTheConfiguredDelay()
    {
        await using var app = await StartSlowAsync(300);
        using var client = app.CreateClient();

        var random = Stopwatch.StartNew();
        (await client.GetAsync($"{Path}/random")).EnsureSuccessStatusCode();

        Assert.True(random.Elapsed >= TimeSpan.FromMilliseconds(300), $"random took {random.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(1, await MetricsText.SumAsync(client, "practice_bottleneck_on", "bottleneck=\"SlowDependency\""));
    }

    [Fact]
    public async Task WithSlowDependencyOnlyTheRandomLocationIsDelayed()
    {
        await using var app = await StartSlowAsync(10 * 60 * 1000);
        using var client = app.CreateClient();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        (await client.GetAsync(Path)).EnsureSuccessStatusCode();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync($"{Path}/random", patience.Token));
    }
}
