using SuperHeroes.Catalog;
using SuperHeroes.Catalog.Characters;
using SuperHeroes.Practice;

namespace Villains.Api;

public static class VillainsApi
{
    public static RouteGroupBuilder MapVillainsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapCharacterApi<Villain>();
        var practice = app.ServiceProvider.GetRequiredService<PracticeSettings>();
        if (practice.IsOn(PracticeCatalogue.FailingVillains))
            api.AddEndpointFilter(new FailingVillains(practice, TimeProvider.System).Filter);
        return api;
    }
}

public sealed record Villain(long Id, string Name, string? OtherName, int Level, string? Picture, string? Powers)
    : ICharacter<Villain>
{
    public static CatalogKind Kind { get; } = new("villain", "villains", "Villain");
}
