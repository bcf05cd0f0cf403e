namespace SuperHeroes.Catalog.Characters;

// Heroes and villains are the same kind of thing; each service names its own record and describes itself here,
// and everything else (SQL, endpoints, validation, seeding) is written once in this folder.
public interface ICharacter<TSelf> : ICatalogRow<TSelf> where TSelf : ICharacter<TSelf>
{
    string Name { get; }
    string? OtherName { get; }
    int Level { get; }
    string? Picture { get; }
    string? Powers { get; }
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
