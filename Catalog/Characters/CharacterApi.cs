using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SuperHeroes.Catalog.Characters;

/// <summary>The REST contract shared by <c>/api/heroes</c> and <c>/api/villains</c>.</summary>
public static class CharacterApi
{
    public static IServiceCollection AddCharacters<T>(this IServiceCollection services) where T : ICharacter<T> =>
        services.AddCatalog<T, CharacterStore<T>, CharacterDatabase<T>>();

    public static RouteGroupBuilder MapCharacterApi<T>(this IEndpointRouteBuilder app) where T : ICharacter<T>
    {
        var kind = T.Kind;
        var api = app.MapCatalogGroup<T>();

        api.MapGet("/", List<T>).WithName($"List{kind.PluralTitle}").WithSummary(CatalogEndpoints.ListSummary(kind));
        api.MapPost("/", Create<T>).WithName($"Create{kind.Title}");
        api.MapPut("/{id:long}", Replace<T>).WithName($"Replace{kind.Title}");
        api.MapPatch("/{id:long}", Patch<T>).WithName($"Patch{kind.Title}");
        api.MapPut("/", ReplaceAll<T>).WithName($"ReplaceAll{kind.PluralTitle}");

        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<T>>, ValidationProblem>> List<T>(
        CharacterStore<T> store, HttpContext http, string? name_filter, int? page, int? size, long? after, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (Paging.From(page, size, after, out var errors) is not { } paging)
            return TypedResults.ValidationProblem(errors);
        var rows = await store.ListAsync(string.IsNullOrEmpty(name_filter) ? null : name_filter, paging, ct);
        return TypedResults.Ok(paging.Apply(rows, http));
    }

    public static async Task<Results<Created<T>, ValidationProblem>> Create<T>(
        CharacterRequest request, CharacterStore<T> store, HttpContext http, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (CharacterRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        var created = await store.CreateAsync(request, ct);
        return TypedResults.Created($"{http.Request.PathBase}{T.Kind.Route}/{created.Id}", created);
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> Replace<T>(
        long id, CharacterRequest request, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        if (CharacterRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        return await store.UpdateAsync(id, request, ct) is not null ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<T>, NotFound, ValidationProblem>> Patch<T>(
        long id, CharacterPatch patch, CharacterStore<T> store, CancellationToken ct)
        where T : ICharacter<T>
    {
        return await store.PatchAsync(id, patch, ct) switch
        {
            null => TypedResults.NotFound(),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Updated: var updated } => TypedResults.Ok(updated!),
        };
    }

    public static async Task<Results<Created<IReadOnlyList<T>>, ValidationProblem>> ReplaceAll<T>(
        List<CharacterRequest> characters, CharacterStore<T> store, HttpContext http, CancellationToken ct)
        where T : ICharacter<T>
    {
        var errors = CatalogRules.ValidateEach<CharacterRequest>(characters, CharacterRules.Validate);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var stored = await store.ReplaceAllAsync(characters, ct);
        return TypedResults.Created($"{http.Request.PathBase}{T.Kind.Route}", stored);
    }
}
