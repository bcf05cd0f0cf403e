namespace SuperHeroes.Catalog;

/// <summary>The names of one catalog, from which its table, routes, route names and messages are made.</summary>
/// <param name="Singular">Lower-case noun: "hero"; in the Python system's alias route <c>random_hero</c>.</param>
/// <param name="Plural">Lower-case plural: "heroes"; the table name and the URL segment.</param>
/// <param name="Title">Title-case noun for route names and messages: "Hero".</param>
public sealed record CatalogKind(string Singular, string Plural, string Title)
{
    public string Table => Plural;

    public string Route => $"/api/{Plural}";

    /// <summary>Title-case plural for route names and tags: "Heroes".</summary>
    public string PluralTitle => char.ToUpperInvariant(Plural[0]) + Plural[1..];
}

/// <summary>A row of a catalog: its record describes the catalog it belongs to.</summary>
public interface ICatalogRow<TSelf> where TSelf : ICatalogRow<TSelf>
{
    static abstract CatalogKind Kind { get; }

    long Id { get; }
}
