using System.Reflection;

namespace SuperHeroes.Catalog;

/// <summary>
/// Reads a service's seed set: an embedded <c>{plural}.seed</c> text with one row a line, fields separated by
/// <c>|</c>, <c>#</c> comments; picture URLs are derived from the name.
/// </summary>
public static class SeedFile
{
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
