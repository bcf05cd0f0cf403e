using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

[Collection(SystemCollection.Name)]
public sealed class ReseedTests(SystemFixture system)
{
    private DistributedApplication App => system.App;

    [Fact]
    public async Task ReseedCommandReplacesEveryRowWithTheSeedSet()
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("villains").WaitAsync(SystemFixture.StartTimeout);
        using var client = App.CreateHttpClient("villains");
        var seeded = (await client.GetFromJsonAsync<JsonElement[]>("/api/villains"))!.Length;
        var added = await client.PostAsJsonAsync("/api/villains", new { name = "Reseed Test Villain", level = 7, picture = "https://x/y.png" });
        added.EnsureSuccessStatusCode();

        var result = await App.ResourceCommands.ExecuteCommandAsync("villains", "reseed").WaitAsync(TimeSpan.FromMinutes(2));
        await App.ResourceNotifications.WaitForResourceHealthyAsync("villains").WaitAsync(SystemFixture.StartTimeout);

        Assert.True(result.Success, result.Message);
        var after = (await client.GetFromJsonAsync<JsonElement[]>("/api/villains"))!;
        Assert.Equal(seeded, after.Length);
        Assert.DoesNotContain(after, v => v.GetProperty("name").GetString() == "Reseed Test Villain");
    }
}
