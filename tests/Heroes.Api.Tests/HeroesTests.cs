using SuperHeroes.Tests;
using SuperHeroes.Tests.Characters;

namespace Heroes.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}

internal static class Heroes
{
    public static readonly CharacterCatalog Catalog = new(
        "hero", "heroes", "Hero", "heroesdb",
        FilterTerm: "SPIDER", FilterMatches: ["Spider-Man", "Spider-Woman"],
        KnownName: "Spider-Man", KnownOtherName: "Peter Parker");
}

// The heroes service runs every shared character test (tests/TestSupport/Characters).
[Collection(PostgresCollection.Name)]
public sealed class HeroesReadingTests(PostgresServerFixture postgres) : CharacterReadingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class HeroesRandomTests(PostgresServerFixture postgres) : CharacterRandomTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class HeroesWritingTests(PostgresServerFixture postgres) : CharacterWritingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class HeroesBadInputTests(PostgresServerFixture postgres) : CharacterBadInputTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class HeroesServiceEndpointsTests(PostgresServerFixture postgres) : CharacterServiceEndpointsTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}

[Collection(PostgresCollection.Name)]
public sealed class HeroesSeedingTests(PostgresServerFixture postgres) : CharacterSeedingTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}
