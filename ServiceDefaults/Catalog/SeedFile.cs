using System.Reflection;

namespace SuperHeroes.Catalog;

/// <summary>
/// Reads a service's seed set: an embedded <c>{plural}.seed</c> text with one row a line, fields separated by
/// <c>|</c>, <c>#</c> comments; picture URLs are derived from the name.
/// </summary>
public static class SeedFile
{
    /// <summary>Lines of <c>name | other name | level | powers (comma-separated)</c>.</summary>
    public static IReadOnlyList<CharacterRequest> ReadCharacters(Assembly assembly, CharacterKind kind) =>
        Read(assembly, kind.Plural, "name | other name | level | powers", fields =>
        {
            if (fields.Length != 4 || !int.TryParse(fields[2], out var level))
                return (null, ["wrong field count or level"]);
            var character = new CharacterRequest(fields[0], fields[1], level, PictureUrl(kind.Plural, fields[0]), fields[3]);
            return (character, CharacterRules.Validate(character).SelectMany(e => e.Value));
        });

    /// <param name="parse">The row of a line's fields, or the reasons it is not one.</param>
    public static IReadOnlyList<TRow> Read<TRow>(Assembly assembly, string plural, string format,
        Func<string[], (TRow? Row, IEnumerable<string> Errors)> parse)
    {
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith($"{plural}.seed", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no {plural}.seed resource.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var rows = new List<TRow>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var (row, errors) = parse(line.Split('|', StringSplitOptions.TrimEntries));
            var reasons = errors.ToList();
            if (row is null || reasons.Count > 0)
                throw new FormatException($"{resource} line {lineNumber}: expected '{format}': {string.Join("; ", reasons)}");
            rows.Add(row);
        }
        return rows;
    }

    public static string PictureUrl(string plural, string name) =>
        $"https://pictures.superheroes.local/{plural}/{Slug(name)}.png";

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
                SeedFile.PictureUrl(kind.Plural, name),
                $"{powers[(mix >> 8) % (ulong)powers.Length]}, {powers[(mix >> 16) % (ulong)powers.Length]}");
        }
    }
}
