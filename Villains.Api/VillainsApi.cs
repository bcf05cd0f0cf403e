using SuperHeroes.Catalog;

namespace Villains.Api;

public static class VillainsApi
{
    public static RouteGroupBuilder MapVillainsApi(this IEndpointRouteBuilder app) => app.MapCharacterApi<Villain>();
}

public sealed record Villain(long Id, string Name, string? OtherName, int Level, string? Picture, string? Powers)
    : ICharacter<Villain>
{
    public static CharacterKind Kind { get; } = new("villain", "villains", "Villain");
}
