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
public sealed class VillainsReadingTests(PostgresServerFixture postgres) : CharacterReadingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class VillainsRandomTests(PostgresServerFixture postgres) : CharacterRandomTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class VillainsWritingTests(PostgresServerFixture postgres) : CharacterWritingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class VillainsBadInputTests(PostgresServerFixture postgres) : CharacterBadInputTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class VillainsServiceEndpointsTests(PostgresServerFixture postgres) : CharacterServiceEndpointsTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class VillainsSeedingTests(PostgresServerFixture postgres) : CharacterSeedingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Villains.Catalog;
}
