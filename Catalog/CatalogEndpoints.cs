using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace SuperHeroes.Catalog;

/// <summary>
/// The endpoints every catalog (heroes, villains, locations) has. The handlers take the store as
/// <see cref="CatalogStore{T}"/>, which <see cref="CatalogServices.AddCatalog{TRow, TStore, TDatabase}"/> registers as
/// an alias of the catalog's own store.
/// </summary>
public static class CatalogEndpoints
{
    /// <summary>The catalog's group (<c>/api/heroes</c>, tagged "Heroes") with the shared endpoints mapped onto it.</summary>
    public static RouteGroupBuilder MapCatalogGroup<T>(this IEndpointRouteBuilder app) where T : ICatalogRow<T>
    {
        var (singular, title, pluralTitle) = (T.Kind.Singular, T.Kind.Title, T.Kind.PluralTitle);
        var api = app.MapGroup(T.Kind.Route).WithTags(pluralTitle);
        api.MapGet("/random", GetRandom<T>).WithName($"GetRandom{title}")
            .WithSummary($"A uniformly random {singular}; 404 when there is none.");
        // The Python system's name for the same endpoint.
        api.MapGet($"/random_{singular}", GetRandom<T>).WithName($"GetRandom{title}Alias")
            .ExcludeFromDescription();
        var hello = $"Hello {title} Resource";
        api.MapGet("/hello", () => hello).WithName($"Hello{pluralTitle}");
        api.MapGet("/{id:long}", Get<T>).WithName($"Get{title}");
        api.MapDelete("/{id:long}", Delete<T>).WithName($"Delete{title}")
            .WithSummary("204 whether or not it existed: deleting is idempotent.");
        api.MapDelete("/", DeleteAll<T>).WithName($"DeleteAll{pluralTitle}");
        api.MapPost("/reseed", Reseed<T>).WithName($"Reseed{pluralTitle}")
            .WithSummary("Deletes every row and loads the seed set (and generated rows, if configured) again.");
        return api;
    }

    /// <summary>The summary of a catalog's list endpoint.</summary>
    public static string ListSummary(CatalogKind kind) =>
        $"Lists {kind.Plural} in id order, {Paging.MaxSize} at most a page; a Link header names the next page.";

    public static async Task<Results<Ok<T>, NotFound>> Get<T>(long id, CatalogStore<T> store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound();

    public static async Task<Results<Ok<T>, NotFound>> GetRandom<T>(CatalogStore<T> store, CancellationToken ct) =>
        await store.GetRandomAsync(ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound();

    public static async Task<NoContent> Delete<T>(long id, CatalogStore<T> store, CancellationToken ct)
    {
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> DeleteAll<T>(CatalogStore<T> store, CancellationToken ct)
    {
        await store.DeleteAllAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The start-up seeding run again in place of every row, atomically: a read during it sees the old set or the new one.</summary>
    public static async Task<NoContent> Reseed<T>(CatalogStore<T> store, CatalogDatabase database, CancellationToken ct)
    {
        await store.ReseedAsync(database, ct);
        return TypedResults.NoContent();
    }
}
