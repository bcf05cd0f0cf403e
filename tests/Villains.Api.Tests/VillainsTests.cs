using SuperHeroes.Tests;
using SuperHeroes.Tests.Characters;

namespace Villains.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

internal static class Villains
{
    public static readonly CharacterCatalog Catalog = new(
        "villain", "villains", "Villain", "villainsdb",
        FilterTerm: "doc", FilterMatches: ["Doctor Doom", "Doctor Octopus"],
        KnownName: "Lex Luthor", KnownOtherName: "Alexander Luthor");
}

// The villains service runs every shared character test (tests/TestSupport/Characters).
[Collection(PostgresCollection.Name)]
public sealed class VillainsApiTests(PostgresServerFixture postgres) : CharacterApiTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}
