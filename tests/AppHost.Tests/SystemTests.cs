using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests;

public sealed class SystemTests(SystemFixture system) : IClassFixture<SystemFixture>
{
    private static readonly TimeSpan StartTimeout = SystemFixture.StartTimeout;
    private DistributedApplication App => system.App;

    [Theory]
    [InlineData("heroes", "http://localhost:8001/", 100)]
    [InlineData("villains", "http://localhost:8002/", 100)]
    [InlineData("locations", "http://localhost:8003/", 30)]
    public async Task CatalogServiceBecomesHealthyAndServesItsSeedSet(string service, string address, int minimumSeed)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync(service).WaitAsync(StartTimeout);
        using var client = App.CreateHttpClient(service);

        var random = await client.GetFromJsonAsync<JsonElement>($"/api/{service}/random");
        var all = await client.GetFromJsonAsync<JsonElement[]>($"/api/{service}");

        Assert.True(random.GetProperty("id").GetInt64() > 0);
        Assert.True(all!.Length >= minimumSeed, $"{service} has {all.Length} rows");
        Assert.Contains("db_query_duration_seconds_bucket", await client.GetStringAsync("/metrics"));
        // The fixed ports of the Python system, served by the services themselves (no proxy).
        Assert.Equal(address, client.BaseAddress?.ToString());
    }

    [Fact]
    public async Task EveryServiceDatabaseIsCreatedOnTheLocalServer()
    {
        foreach (var database in new[] { "heroesdb", "villainsdb", "locationsdb", "fightsdb" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(database).WaitAsync(StartTimeout);
            var connectionString = await App.GetConnectionStringAsync(database);
            Assert.Contains($"Database={database[..^2]}", connectionString);
        }
    }
}
