using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SuperHeroes.Catalog;

/// <summary>The REST contract shared by <c>/api/heroes</c> and <c>/api/villains</c>.</summary>
public static class CharacterApi
{
    // No response is unbounded: a page holds at most this many characters.
    public const int DefaultPageSize = 1000;

    public static IServiceCollection AddCharacterStore<T>(this IServiceCollection services) where T : ICharacter<T> =>
        services.AddSingleton<CatalogMetrics>()
            .AddSingleton<CharacterStore<T>>()
            .AddSingleton<CharacterDatabase<T>>()
            .AddHostedService(sp => sp.GetRequiredService<CharacterDatabase<T>>());

    public static RouteGroupBuilder MapCharacterApi<T>(this IEndpointRouteBuilder app) where T : ICharacter<T>
    {
        var kind = T.Kind;
        var api = app.MapGroup($"/api/{kind.Plural}").WithTags(kind.PluralTitle);

        api.MapGet("/", List<T>).WithName($"List{kind.PluralTitle}")
            .WithSummary($"Lists {kind.Plural} in id order, {DefaultPageSize} at most a page; a Link header names the next page.");
        api.MapGet("/random", GetRandom<T>).WithName($"GetRandom{kind.Title}")
            .WithSummary($"A uniformly random {kind.Singular}; 404 when there is none.");
        // The Python system's name for the same endpoint.
        api.MapGet($"/random_{kind.Singular}", GetRandom<T>).WithName($"GetRandom{kind.Title}Alias")
            .ExcludeFromDescription();
        api.MapGet("/hello", () => $"Hello {kind.Title} Resource").WithName($"Hello{kind.PluralTitle}");
        api.MapGet("/{id:long}", Get<T>).WithName($"Get{kind.Title}");
        api.MapPost("/", Create<T>).WithName($"Create{kind.Title}");
        api.MapPut("/{id:long}", Replace<T>).WithName($"Replace{kind.Title}");
        api.MapPatch("/{id:long}", Patch<T>).WithName($"Patch{kind.Title}");
        api.MapDelete("/{id:long}", Delete<T>).WithName($"Delete{kind.Title}");
        api.MapDelete("/", DeleteAll<T>).WithName($"DeleteAll{kind.PluralTitle}");
        api.MapPut("/", ReplaceAll<T>).WithName($"ReplaceAll{kind.PluralTitle}");

        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<T>>, ValidationProblem>> List<T>(
        CharacterStore<T> store, HttpContext http, string? name_filter, int? page, int? size, CancellationToken ct)
        where T : ICharacter<T>
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 0)
            errors["page"] = ["The page must be 0 or more."];
        if (size is < 1 or > DefaultPageSize)
            errors["size"] = [$"The size must be 1 to {DefaultPageSize}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (p, s) = (page ?? 0, size ?? DefaultPageSize);
        // One row past the page tells whether a next page exists without counting a large table.
        var rows = await store.ListAsync(string.IsNullOrEmpty(name_filter) ? null : name_filter, offset: (long)p * s, limit: s + 1, ct);
        if (rows.Count <= s)
            return TypedResults.Ok(rows);

        var next = QueryString.Create([
            .. name_filter is null ? [] : new[] { KeyValuePair.Create("name_filter", (string?)name_filter) },
            KeyValuePair.Create("page", (string?)(p + 1).ToString()),
            KeyValuePair.Create("size", (string?)s.ToString()),
        ]);
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{next}>; rel=\"next\"";
        return TypedResults.Ok<IReadOnlyList<T>>(rows.Take(s).ToList());
    }

    public static async Task<Results<Ok<T>, NotFound>> Get<T>(long id, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T> =>
        await store.GetAsync(id, ct) is { } character ? TypedResults.Ok(character) : TypedResults.NotFound();

    public static async Task<Results<Ok<T>, NotFound>> GetRandom<T>(CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T> =>
        await store.GetRandomAsync(ct) is { } character ? TypedResults.Ok(character) : TypedResults.NotFound();

    public static async Task<Results<Created<T>, ValidationProblem>> Create<T>(
        CharacterRequest request, CharacterStore<T> store, HttpContext http, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (CharacterRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        var created = await store.CreateAsync(request, ct);
        return TypedResults.Created($"{http.Request.PathBase}/api/{T.Kind.Plural}/{created.Id}", created);
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> Replace<T>(
        long id, CharacterRequest request, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (CharacterRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        return await store.UpdateAsync(id, request, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<T>, NotFound, ValidationProblem>> Patch<T>(
        long id, CharacterPatch patch, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (await store.GetAsync(id, ct) is not { } current)
            return TypedResults.NotFound();
        var merged = CharacterRules.Merge(current, patch);
        if (CharacterRules.Validate(merged) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        if (!await store.UpdateAsync(id, merged, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(await store.GetAsync(id, ct) ?? current);
    }

    public static async Task<NoContent> Delete<T>(long id, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> DeleteAll<T>(CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        await store.DeleteAllAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<IReadOnlyList<T>>, ValidationProblem>> ReplaceAll<T>(
        List<CharacterRequest> characters, CharacterStore<T> store, HttpContext http, CancellationToken ct)
        where T : ICharacter<T>
    {
        var errors = characters
            .SelectMany((c, i) => c is null
                ? new Dictionary<string, string[]> { [$"[{i}]"] = ["The entry must be an object."] }
                : CharacterRules.Validate(c, $"[{i}]."))
            .ToDictionary();
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var stored = await store.ReplaceAllAsync(characters, ct);
        return TypedResults.Created($"{http.Request.PathBase}/api/{T.Kind.Plural}", stored);
    }
}
