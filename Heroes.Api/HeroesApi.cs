using SuperHeroes.Catalog;
using SuperHeroes.Catalog.Characters;

namespace Heroes.Api;

public static class HeroesApi
{
    public static RouteGroupBuilder MapHeroesApi(this IEndpointRouteBuilder app) => app.MapCharacterApi<Hero>();
}

public sealed record Hero(long Id, string Name, string? OtherName, int Level, string? Picture, string? Powers)
    : ICharacter<Hero>
{
    public static CatalogKind Kind { get; } = new("hero", "heroes", "Hero");
}
