using Fights.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fights.Api;

public static class FightsApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapFightsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/fights").WithTags("Fights");

        api.MapGet("/", List).WithName("ListFights")
            .WithSummary($"Without page and size: the fights in insertion order ({FightStore.UnpagedCap} most recent at most). " +
                         $"With either: newest first, page from 0, size 1 to {MaxPageSize} (default {DefaultPageSize}).");
        api.MapGet("/{id:long}", Get).WithName("GetFight");
        api.MapPost("/", Create).WithName("CreateFight")
            .WithSummary("Decides and stores a fight between the given hero and villain; 200 with the stored fight.");
        api.MapGet("/randomfighters", async (FightService fights, CancellationToken ct) => TypedResults.Ok(await fights.RandomFightersAsync(ct)))
            .WithName("GetRandomFighters");
        api.MapGet("/randomlocation", async (FightService fights, CancellationToken ct) => TypedResults.Ok(await fights.RandomLocationAsync(ct)))
            .WithName("GetRandomLocation");
        api.MapGet("/execute_fight", async (FightService fights, CancellationToken ct) => TypedResults.Ok(await fights.ExecuteFightAsync(ct)))
            .WithName("ExecuteFight")
            .WithSummary("The whole flow in one call: random hero, villain and location in parallel, the fight, stored.");
        api.MapGet("/hello", () => "Hello Fight Resource").WithName("HelloFights");
        api.MapGet("/hello/{service:regex(^(heroes|villains|locations)$)}",
                async (string service, FightService fights, CancellationToken ct) => await fights.HelloAsync(service, ct))
            .WithName("HelloDownstream");

        return api;
    }

    public static async Task<Ok<IReadOnlyList<Fight>>> List(FightStore store, int? page, int? size, CancellationToken ct)
    {
        if (page is null && size is null)
            return TypedResults.Ok(await store.ListRecentAsync(ct));
        return TypedResults.Ok(await store.ListPageAsync(Math.Max(page ?? 0, 0), Math.Clamp(size ?? DefaultPageSize, 1, MaxPageSize), ct));
    }

    public static async Task<Results<Ok<Fight>, NotFound>> Get(long id, FightStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } fight ? TypedResults.Ok(fight) : TypedResults.NotFound();

    public static async Task<Results<Ok<Fight>, ValidationProblem>> Create(FightRequest request, FightService fights)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateFighter(errors, "hero", request.Hero);
        ValidateFighter(errors, "villain", request.Villain);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await fights.FightAsync(request.Hero!, request.Villain!, request.Location));
    }

    private static void ValidateFighter(Dictionary<string, string[]> errors, string role, Fighter? fighter)
    {
        if (fighter is null)
        {
            errors[role] = [$"The {role} is required."];
            return;
        }
        if (string.IsNullOrWhiteSpace(fighter.Name))
            errors[$"{role}.name"] = [$"The {role}'s name is required."];
        if (string.IsNullOrWhiteSpace(fighter.Picture))
            errors[$"{role}.picture"] = [$"The {role}'s picture is required."];
        if (fighter.Level is null)
            errors[$"{role}.level"] = [$"The {role}'s level is required."];
    }
}
