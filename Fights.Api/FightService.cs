using System.Diagnostics;
using Fights.Api.Downstream;
using Fights.Api.Storage;
using ServiceDefaults;
using SuperHeroes.Practice;

namespace Fights.Api;

/// <summary>The fight flow: random fighters and location from the other services (with fallbacks), the rule, the store.</summary>
public sealed class FightService(
    DownstreamClient downstream, FightWriter writer, FightsMetrics metrics, IFightRandom random, TimeProvider time, PracticeSettings practice)
{
    private readonly bool _sequential = practice.IsOn(PracticeCatalogue.SequentialCalls);

    // randomfighters answers within this whatever happens downstream (each call is bounded at 2 s on its own).
    public static readonly TimeSpan FightersBound = TimeSpan.FromSeconds(4);

    public async Task<Fighters> RandomFightersAsync(CancellationToken ct)
    {
        using var bound = Bounded(ct);
        if (_sequential)
        {
            var first = await RandomFighterAsync(DownstreamServices.Heroes, Fallbacks.Hero, bound.Token);
            return new Fighters(first, await RandomFighterAsync(DownstreamServices.Villains, Fallbacks.Villain, bound.Token));
        }
        var hero = RandomFighterAsync(DownstreamServices.Heroes, Fallbacks.Hero, bound.Token);
        var villain = RandomFighterAsync(DownstreamServices.Villains, Fallbacks.Villain, bound.Token);
        return new Fighters(await hero, await villain);
    }

    public async Task<FightLocation> RandomLocationAsync(CancellationToken ct)
    {
        // The same bound as the fighters: a call waiting for a free connection has not started its own timeouts yet.
        using var bound = Bounded(ct);
        var location = await downstream.GetJsonAsync<FightLocation>(DownstreamServices.Locations, "/api/locations/random", bound.Token);
        if (location is { Name.Length: > 0 })
            return location;
        metrics.CountFallback(DownstreamServices.Locations);
        return Fallbacks.Location;
    }

    /// <summary>The whole flow in one call: fighters and location fetched in parallel, then the fight.</summary>
    public async Task<Fight> ExecuteFightAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // With the practice bottleneck SequentialCalls the location is asked for only after both fighters.
        var location = _sequential ? null : RandomLocationAsync(ct);
        var fighters = await RandomFightersAsync(ct);
        var place = await (location ?? RandomLocationAsync(ct));
        ServerTiming.Record(ServerTimingHeader.Downstream, Stopwatch.GetElapsedTime(started));
        return await FightAsync(fighters.Hero, fighters.Villain, place);
    }

    /// <summary>Decides and stores a fight; it is committed before this returns.</summary>
    public async Task<Fight> FightAsync(Fighter hero, Fighter villain, FightLocation? location)
    {
        var heroWins = FightRules.HeroWins(hero.Level!.Value, villain.Level!.Value, random);
        var (winner, loser) = heroWins ? (hero, villain) : (villain, hero);
        var (winnerTeam, loserTeam) = heroWins ? (Teams.Heroes, Teams.Villains) : (Teams.Villains, Teams.Heroes);
        // Not cancellable: once decided, a fight is stored even if the client has gone.
        var started = Stopwatch.GetTimestamp();
        var fight = await writer.StoreAsync(new Fight(0, time.GetUtcNow().UtcDateTime,
            winner.Name!, winner.Level!.Value, winner.Powers, winner.Picture!,
            loser.Name!, loser.Level!.Value, loser.Powers, loser.Picture!,
            winnerTeam, loserTeam, location));
        ServerTiming.Record(ServerTimingHeader.Commit, Stopwatch.GetElapsedTime(started));
        metrics.CountFight(winnerTeam);
        return fight;
    }

    public async Task<string> HelloAsync(string service, CancellationToken ct) =>
        await downstream.GetTextAsync(service, $"/api/{service}/hello", ct)
        ?? $"Could not invoke the {char.ToUpperInvariant(service[0])}{service[1..]} microservice";

    private static CancellationTokenSource Bounded(CancellationToken ct)
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(FightersBound);
        return bound;
    }

    private async Task<Fighter> RandomFighterAsync(string service, Fighter fallback, CancellationToken ct)
    {
        var fighter = await downstream.GetJsonAsync<Fighter>(service, $"/api/{service}/random", ct);
        if (fighter is { Name.Length: > 0, Level: not null, Picture.Length: > 0 })
            return fighter;
        metrics.CountFallback(service);
        return fallback;
    }
}
