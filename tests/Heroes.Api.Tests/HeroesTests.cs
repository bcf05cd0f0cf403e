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
public sealed class HeroesApiTests(PostgresServerFixture postgres) : CharacterApiTests<Program>(postgres)
{
    protected override CharacterCatalog Catalog => Heroes.Catalog;
}
