using System.Reflection;

namespace SuperHeroes.Catalog;

/// <summary>
/// Reads a service's seed set: an embedded <c>{plural}.seed</c> with one character a line,
/// <c>name | other name | level | powers (comma-separated)</c>; the picture URL is derived from the name.
/// </summary>
public static class SeedFile
{
    public static IReadOnlyList<CharacterRequest> Read(Assembly assembly, CharacterKind kind)
    {
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith($"{kind.Plural}.seed", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no {kind.Plural}.seed resource.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var characters = new List<CharacterRequest>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = line.Split('|', StringSplitOptions.TrimEntries);
            if (fields.Length != 4 || !int.TryParse(fields[2], out var level))
                throw new FormatException($"{resource} line {lineNumber}: expected 'name | other name | level | powers'.");
            var character = new CharacterRequest(fields[0], fields[1], level, PictureUrl(kind, fields[0]), fields[3]);
            if (CharacterRules.Validate(character) is { Count: > 0 } errors)
                throw new FormatException($"{resource} line {lineNumber}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
            characters.Add(character);
        }
        return characters;
    }

    public static string PictureUrl(CharacterKind kind, string name) =>
        $"https://pictures.superheroes.local/{kind.Plural}/{Slug(name)}.png";

    private static string Slug(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}

public static class GeneratedCharacters
{
    public static string NamePrefix(CharacterKind kind) => $"Generated {kind.Singular} ";

    // Deterministic: row n always gets the same name, level and powers, so two runs at 1,000,000 rows compare.
    public static IEnumerable<CharacterRequest> Create(CharacterKind kind, long first, long count)
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
                SeedFile.PictureUrl(kind, name),
                $"{powers[(mix >> 8) % (ulong)powers.Length]}, {powers[(mix >> 16) % (ulong)powers.Length]}");
        }
    }
}
