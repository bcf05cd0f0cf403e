namespace SuperHeroes.Catalog;

// Heroes and villains are the same kind of thing; each service names its own record and describes itself here,
// and everything else (SQL, endpoints, validation, seeding) is written once in this folder.
public interface ICharacter<TSelf> where TSelf : ICharacter<TSelf>
{
    static abstract CharacterKind Kind { get; }

    long Id { get; }
    string Name { get; }
    string? OtherName { get; }
    int Level { get; }
    string? Picture { get; }
    string? Powers { get; }
}

/// <param name="Singular">Lower-case noun in URLs and route names: "hero".</param>
/// <param name="Plural">Lower-case plural: "heroes"; also the table name and the URL segment.</param>
/// <param name="Title">Title-case noun for route names and messages: "Hero".</param>
public sealed record CharacterKind(string Singular, string Plural, string Title)
{
    public string Table => Plural;
    public string PluralTitle => char.ToUpperInvariant(Plural[0]) + Plural[1..];
}

/// <summary>Body of POST, PUT and replace-all. Every field may be missing so that validation can name it.</summary>
public sealed record CharacterRequest(string? Name, string? OtherName, int? Level, string? Picture, string? Powers);

/// <summary>Body of PATCH: only the fields present are changed, then the merged character is validated.</summary>
public sealed record CharacterPatch(string? Name, string? OtherName, int? Level, string? Picture, string? Powers);

public static class CharacterRules
{
    public const int OtherNameMaxLength = 255;
    public const int MinLevel = 1;

    public static Dictionary<string, string[]> Validate(CharacterRequest request, string prefix = "")
    {
        var errors = CatalogRules.ValidateName(request.Name, prefix);
        if (request.Level is null)
            errors[prefix + "level"] = ["The level is required."];
        else if (request.Level < MinLevel)
            errors[prefix + "level"] = [$"The level must be at least {MinLevel}."];
        if (request.OtherName?.Length > OtherNameMaxLength)
            errors[prefix + "otherName"] = [$"The other name must be at most {OtherNameMaxLength} characters long."];
        CatalogRules.ValidatePicture(errors, request.Picture, prefix);
        return errors;
    }

    public static CharacterRequest Merge<T>(T current, CharacterPatch patch) where T : ICharacter<T> =>
        new(patch.Name ?? current.Name,
            patch.OtherName ?? current.OtherName,
            patch.Level ?? current.Level,
            patch.Picture ?? current.Picture,
            patch.Powers ?? current.Powers);
}
