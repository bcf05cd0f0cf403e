using SuperHeroes.Catalog;
using SuperHeroes.Catalog.Characters;

namespace Villains.Api;

public static class VillainsApi
{
    public static RouteGroupBuilder MapVillainsApi(this IEndpointRouteBuilder app) => app.MapCharacterApi<Villain>();
}

public sealed record Villain(long Id, string Name, string? OtherName, int Level, string? Picture, string? Powers)
    : ICharacter<Villain>
{
    public static CatalogKind Kind { get; } = new("villain", "villains", "Villain");
}
