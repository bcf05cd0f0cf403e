namespace SuperHeroes.Catalog;

/// <summary>Rules every catalog row shares: a name of 3 to 50 characters and a picture URL of at most 255.</summary>
public static class CatalogRules
{
    public const int NameMinLength = 3;
    public const int NameMaxLength = 50;
    public const int PictureMaxLength = 255;

    /// <summary>A new error list, holding the name's error if it has one; keys start with <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string[]> ValidateName(string? name, string prefix)
    {
        var errors = new Dictionary<string, string[]>();
        if (name is null)
            errors[prefix + "name"] = ["The name is required."];
        else if (name.Length is < NameMinLength or > NameMaxLength)
            errors[prefix + "name"] = [$"The name must be {NameMinLength} to {NameMaxLength} characters long."];
        return errors;
    }

    /// <summary>The errors of every entry of a replace-all list, keyed <c>[i].field</c>.</summary>
    public static Dictionary<string, string[]> ValidateEach<TRequest>(IReadOnlyList<TRequest?> entries,
        Func<TRequest, string, Dictionary<string, string[]>> validate) =>
        entries
            .SelectMany((entry, i) => entry is null
                ? new Dictionary<string, string[]> { [$"[{i}]"] = ["The entry must be an object."] }
                : validate(entry, $"[{i}]."))
            .ToDictionary();

    public static void ValidatePicture(Dictionary<string, string[]> errors, string? picture, string prefix)
    {
        if (picture?.Length > PictureMaxLength)
            errors[prefix + "picture"] = [$"The picture must be at most {PictureMaxLength} characters long."];
    }
}
