using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests;

public sealed class SystemTests(SystemFixture system) : IClassFixture<SystemFixture>
{
    private static readonly TimeSpan StartTimeout = SystemFixture.StartTimeout;
    private DistributedApplication App => system.App;

    [Fact]
    public async Task HeroesServiceBecomesHealthyAndServesHeroesFromItsDatabase()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("heroes").WaitAsync(StartTimeout);
        using var client = App.CreateHttpClient("heroes");

        var hero = await client.GetFromJsonAsync<JsonElement>("/api/heroes/random");
        var heroes = await client.GetFromJsonAsync<JsonElement[]>("/api/heroes");

        Assert.True(hero.GetProperty("level").GetInt32() >= 1);
        Assert.Equal(100, heroes!.Length);
        Assert.Contains("db_query_duration_seconds_bucket", await client.GetStringAsync("/metrics"));
        Assert.Equal("http://localhost:8001/", client.BaseAddress?.ToString());
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
