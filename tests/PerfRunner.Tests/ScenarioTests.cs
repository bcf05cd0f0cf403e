using System.Diagnostics;
using PerfRunner.Load;
using PerfRunner.Scenarios;

namespace PerfRunner.Tests;

public sealed class ScenarioTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly HttpClient _client = new();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteFightWithRealFightersSucceeds()
    {
        _server.Fight = Fight("Storm", "Magneto", "Gotham");

        Assert.Equal(IterationOutcome.Success, await RunExecuteFightAsync());
    }

    [Theory]
    [InlineData("Fallback hero", "Magneto", "Gotham", "fallback_hero")]
    [InlineData("Magneto", "Fallback hero", "Gotham", "fallback_hero")]
    [InlineData("Fallback villain", "Storm", "Gotham", "fallback_villain")]
    [InlineData("Storm", "Magneto", "Fallback location", "fallback_location")]
    public async Task ExecuteFightAnsweredWithAFallbackFails(string winner, string loser, string location, string kind)
    {
        _server.Fight = Fight(winner, loser, location);

        Assert.Equal(IterationOutcome.Failure(kind), await RunExecuteFightAsync());
    }

    [Fact]
    public async Task ExecuteFightAnsweredWithSomethingElseIsABadResponse()
    {
        _server.Fight = """{"message":"hello"}""";

        Assert.Equal(IterationOutcome.Failure("bad_response"), await RunExecuteFightAsync());
    }

    private async Task<IterationOutcome> RunExecuteFightAsync()
    {
        var now = Stopwatch.GetTimestamp();
        var recorder = new RunRecorder(now, now, now + Stopwatch.Frequency);
        var scenario = ScenarioCatalog.Create("execute-fight", new Targets(_server.BaseUri, _server.BaseUri, _server.BaseUri, _server.BaseUri, null));
        return await scenario.RunAsync(new ScenarioContext(_client, recorder, now, TimeSpan.FromSeconds(5)), CancellationToken.None);
    }

    private static string Fight(string winner, string loser, string location) => $$$"""
        {"id":1,"winnerName":"{{{winner}}}","winnerLevel":5,"loserName":"{{{loser}}}","loserLevel":3,
         "location":{"name":"{{{location}}}","description":null,"picture":null}}
        """;
}
