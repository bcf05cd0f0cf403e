using System.Text.Json;
using PerfRunner.Load;

namespace PerfRunner.Scenarios;

/// <summary>The scenarios PerfRunner knows, by the name given to <c>--scenario</c>.</summary>
public static class ScenarioCatalog
{
    public static readonly string[] Names =
        ["fight", "execute-fight", "random-hero", "random-villain", "random-location", "url"];

    public static IScenario Create(string name, Targets targets) => name switch
    {
        "fight" => new FightScenario(targets.Fights),
        "execute-fight" => new ExecuteFightScenario(targets.Fights),
        "random-hero" => new GetScenario(name, "random_hero", new Uri(targets.Heroes, "api/heroes/random_hero")),
        "random-villain" => new GetScenario(name, "random_villain", new Uri(targets.Villains, "api/villains/random_villain")),
        "random-location" => new GetScenario(name, "random_location", new Uri(targets.Locations, "api/locations/random_location")),
        "url" => new GetScenario(name, "url", targets.Url ?? throw new ArgumentException("the url scenario needs --url")),
        _ => throw new ArgumentException($"unknown scenario '{name}'"),
    };

    /// <summary>The service a scenario's requests enter, whose downstream calls explain its latency.</summary>
    public static string? EntryService(string scenario, Targets targets) => scenario switch
    {
        "fight" or "execute-fight" => "fights",
        "random-hero" => "heroes",
        "random-villain" => "villains",
        "random-location" => "locations",
        _ => targets.Services.FirstOrDefault(s => targets.Url is { } u && s.Value.Authority == u.Authority).Key,
    };
}

/// <summary>One GET per iteration; the iteration succeeds when the status is 2xx.</summary>
public sealed class GetScenario(string name, string requestName, Uri uri) : IScenario
{
    public string Name => name;
    public Uri ProbeUri => uri;

    public async ValueTask<IterationOutcome> RunAsync(ScenarioContext context, CancellationToken ct)
    {
        var reply = await context.GetAsync(requestName, uri, ct);
        return reply.Ok ? IterationOutcome.Success : IterationOutcome.Failure(reply.ErrorKind!);
    }
}

/// <summary>
/// One GET of execute_fight. Like <see cref="FightScenario"/> it fails when a fighter or the location is a fallback:
/// the service answers 200 with fallbacks when a downstream call fails, and a run that counted those as successes
/// reported "0 failed" while no catalog service was being called at all.
/// </summary>
public sealed class ExecuteFightScenario(Uri fights) : IScenario
{
    private readonly Uri _executeFight = new(fights, "api/fights/execute_fight");

    public string Name => "execute-fight";
    public Uri ProbeUri => _executeFight;

    public async ValueTask<IterationOutcome> RunAsync(ScenarioContext context, CancellationToken ct)
    {
        var reply = await context.GetAsync("execute_fight", _executeFight, ct);
        if (!reply.Ok)
        {
            return IterationOutcome.Failure(reply.ErrorKind!);
        }
        try
        {
            using var fight = JsonDocument.Parse(reply.Body!);
            var root = fight.RootElement;
            string?[] fighters = [root.GetProperty("winnerName").GetString(), root.GetProperty("loserName").GetString()];
            return Fallbacks.Failure(
                    fighters.Contains(Fallbacks.Hero),
                    fighters.Contains(Fallbacks.Villain),
                    root.TryGetProperty("location", out var location) && Fallbacks.Is(location, Fallbacks.Location))
                ?? IterationOutcome.Success;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return IterationOutcome.Failure("bad_response");
        }
    }
}

/// <summary>The names the fights service gives its fallback fighters and location.</summary>
internal static class Fallbacks
{
    public const string Hero = "Fallback hero";
    public const string Villain = "Fallback villain";
    public const string Location = "Fallback location";

    /// <summary>The failure an iteration reports for the first fallback it met (hero, villain, location), or null.</summary>
    public static IterationOutcome? Failure(bool hero, bool villain, bool location) =>
        hero ? IterationOutcome.Failure("fallback_hero")
        : villain ? IterationOutcome.Failure("fallback_villain")
        : location ? IterationOutcome.Failure("fallback_location")
        : null;

    public static bool Is(JsonElement element, string fallbackName) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == fallbackName;
}

/// <summary>
/// The Python k6 flow: random fighters, random location, then POST the fight with them. An iteration fails on any
/// non-2xx answer and when a fighter or the location is a fallback, because a fallback means a service was not used.
/// </summary>
public sealed class FightScenario(Uri fights) : IScenario
{
    private readonly Uri _fighters = new(fights, "api/fights/randomfighters");
    private readonly Uri _location = new(fights, "api/fights/randomlocation");
    private readonly Uri _fight = new(fights, "api/fights");

    public string Name => "fight";
    public Uri ProbeUri => _fighters;

    public async ValueTask<IterationOutcome> RunAsync(ScenarioContext context, CancellationToken ct)
    {
        var fighters = await context.GetAsync("randomfighters", _fighters, ct);
        if (!fighters.Ok)
        {
            return IterationOutcome.Failure(fighters.ErrorKind!);
        }
        var location = await context.GetAsync("randomlocation", _location, ct);
        if (!location.Ok)
        {
            return IterationOutcome.Failure(location.ErrorKind!);
        }
        string hero, villain, place;
        try
        {
            using var pair = JsonDocument.Parse(fighters.Body!);
            using var where = JsonDocument.Parse(location.Body!);
            var heroElement = pair.RootElement.GetProperty("hero");
            var villainElement = pair.RootElement.GetProperty("villain");
            if (Fallbacks.Failure(Fallbacks.Is(heroElement, Fallbacks.Hero), Fallbacks.Is(villainElement, Fallbacks.Villain),
                    Fallbacks.Is(where.RootElement, Fallbacks.Location)) is { } fallback)
            {
                return fallback;
            }
            (hero, villain, place) = (heroElement.GetRawText(), villainElement.GetRawText(), where.RootElement.GetRawText());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return IterationOutcome.Failure("bad_response");
        }
        var fight = await context.PostJsonAsync(
            "fight", _fight, $$"""{"hero":{{hero}},"villain":{{villain}},"location":{{place}}}""", ct);
        return fight.Ok ? IterationOutcome.Success : IterationOutcome.Failure(fight.ErrorKind!);
    }
}
