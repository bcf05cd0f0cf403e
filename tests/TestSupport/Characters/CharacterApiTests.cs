using System.Net.Http.Json;

namespace SuperHeroes.Tests.Characters;

/// <summary>What a character service's tests need to know about it: its names and a few facts of its seed set.</summary>
/// <param name="FilterTerm">A name_filter that matches exactly <paramref name="FilterMatches"/>, in id order.</param>
/// <param name="KnownName">A seeded character, with <paramref name="KnownOtherName"/>.</param>
public sealed record CharacterCatalog(
    string Singular, string Plural, string Title, string Database,
    string FilterTerm, string[] FilterMatches, string KnownName, string KnownOtherName)
{
    public string Path => $"/api/{Plural}";
}

public sealed record Character(long Id, string Name, string? OtherName, int Level, string? Picture, string? Powers);

/// <summary>
/// The tests heroes and villains share, written once (this class spans the <c>Character*Tests.cs</c> files): each
/// service's test project derives one class and names its <see cref="CharacterCatalog"/>.
/// </summary>
public abstract partial class CharacterApiTests<TProgram>(PostgresServerFixture postgres) where TProgram : class
{
    protected abstract CharacterCatalog Catalog { get; }

    protected string Path => Catalog.Path;

    protected PostgresServerFixture Postgres => postgres;

    protected Task<ServiceApp<TProgram>> StartAsync(int generatedRows = 0) =>
        ServiceApp<TProgram>.StartAsync(postgres, Catalog.Database, Settings(generatedRows));

    protected ServiceApp<TProgram> NewApp(string database, int generatedRows = 0) =>
        new(Catalog.Database, database, Settings(generatedRows));

    protected async Task<Character> CreateAsync(ServiceApp<TProgram> app, string name, int level = 10)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync(Path, new { name, otherName = "Test", level, picture = "https://example.test/p.png", powers = "Testing" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Character>())!;
    }

    protected async Task<List<Character>> ListAsync(ServiceApp<TProgram> app, string query = "")
    {
        using var client = app.CreateClient();
        return (await client.GetFromJsonAsync<List<Character>>(Path + query))!;
    }

    protected static Dictionary<string, string?> Settings(int generatedRows) =>
        new() { ["Catalog:GeneratedRows"] = generatedRows.ToString() };
}
