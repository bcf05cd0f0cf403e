using System.Reflection;

namespace SuperHeroes.Catalog.Characters;

/// <summary>A character service's seed set (<c>Data/{plural}.seed</c>), read with <see cref="SeedFile"/>.</summary>
public static class CharacterSeed
{
    /// <summary>Lines of <c>name | other name | level | powers (comma-separated)</c>.</summary>
    public static IReadOnlyList<CharacterRequest> Read(Assembly assembly, CatalogKind kind) =>
        SeedFile.Read(assembly, kind.Plural, "name | other name | level | powers", fields =>
        {
            if (fields.Length != 4 || !int.TryParse(fields[2], out var level))
                return (null, ["wrong field count or level"]);
            var character = new CharacterRequest(fields[0], fields[1], level, SeedFile.PictureUrl(kind.Plural, fields[0]), fields[3]);
            return (character, CharacterRules.Validate(character).SelectMany(e => e.Value));
        });
}

public static class GeneratedCharacters
{
    public static string NamePrefix(CatalogKind kind) => $"Generated {kind.Singular} ";

    // Deterministic: row n always gets the same name, level and powers, so two runs at 1,000,000 rows compare.
    public static IEnumerable<CharacterRequest> Create(CatalogKind kind, long first, long count)
    {
        string[] powers = ["Flight", "Super strength", "Invisibility", "Telepathy", "Speed", "Energy blasts", "Healing", "Shapeshifting"];
        for (var n = first; n < first + count; n++)
        {
            var mix = (ulong)n * 0x9E3779B97F4A7C15UL;
            var name = NamePrefix(kind) + n.ToString("D7");
            yield return new CharacterRequest(
                name,
                $"Number {n}",
                (int)(mix % 100) + 1,
                SeedFile.PictureUrl(kind.Plural, name),
                $"{powers[(mix >> 8) % (ulong)powers.Length]}, {powers[(mix >> 16) % (ulong)powers.Length]}");
        }
    }
}
