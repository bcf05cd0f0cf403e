using Microsoft.AspNetCore.Http.HttpResults;
using SuperHeroes.Catalog;
using SuperHeroes.Practice;

namespace Locations.Api;

public static class LocationsApi
{
    public static IServiceCollection AddLocations(this IServiceCollection services) =>
        services.AddCatalog<Location, LocationStore, LocationDatabase>();

    public static RouteGroupBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapCatalogGroup<Location>();
        if (app.ServiceProvider.GetRequiredService<PracticeSettings>().IsOn(PracticeCatalogue.SlowDependency))
            api.AddEndpointFilter(SlowDependency.Filter);

        api.MapGet("/", List).WithName("ListLocations").WithSummary(CatalogEndpoints.ListSummary(Location.Kind));
        api.MapGet("/name/{name}", GetByName).WithName("GetLocationByName");
        api.MapPost("/", Create).WithName("CreateLocation");
        api.MapPut("/{id:long}", Replace).WithName("ReplaceLocation");
        api.MapPut("/", ReplaceAll).WithName("ReplaceAllLocations");

        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<Location>>, ValidationProblem>> List(
        LocationStore store, HttpContext http, int? page, int? size, long? after, CancellationToken ct)
    {
        if (Paging.From(page, size, after, out var errors) is not { } paging)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(paging.Apply(await store.ListAsync(paging, ct), http));
    }

    public static async Task<Results<Ok<Location>, NotFound>> GetByName(string name, LocationStore store, CancellationToken ct) =>
        await store.GetByNameAsync(name, ct) is { } location ? TypedResults.Ok(location) : TypedResults.NotFound();

    public static async Task<Results<Created<Location>, ValidationProblem, ProblemHttpResult>> Create(
        LocationRequest request, LocationStore store, HttpContext http, CancellationToken ct)
    {
        if (LocationRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        if (await store.CreateAsync(request, ct) is not { } created)
            return DuplicateName(request.Name!);
        return TypedResults.Created($"{http.Request.PathBase}{Location.Kind.Route}/{created.Id}", created);
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> Replace(
        long id, LocationRequest request, LocationStore store, CancellationToken ct)
    {
        if (LocationRules.Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);
        return await store.UpdateAsync(id, request, ct) switch
        {
            true => TypedResults.NoContent(),
            false => TypedResults.NotFound(),
            null => DuplicateName(request.Name!),
        };
    }

    public static async Task<Results<Created<IReadOnlyList<Location>>, ValidationProblem>> ReplaceAll(
        List<LocationRequest> locations, LocationStore store, HttpContext http, CancellationToken ct)
    {
        var errors = CatalogRules.ValidateEach<LocationRequest>(locations, LocationRules.Validate);
        foreach (var (name, index) in locations.Select((l, i) => (l?.Name, i)).Where(x => x.Name is not null)
                     .GroupBy(x => x.Name).SelectMany(g => g.Skip(1)))
            errors.TryAdd($"[{index}].name", [$"The name '{name}' is given more than once."]);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var stored = await store.ReplaceAllAsync(locations, ct);
        return TypedResults.Created($"{http.Request.PathBase}{Location.Kind.Route}", stored);
    }

    private static ProblemHttpResult DuplicateName(string name) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "A location with this name exists",
            detail: $"The name '{name}' is taken: location names are unique.");
}
