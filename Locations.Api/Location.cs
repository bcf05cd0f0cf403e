namespace Locations.Api;

public sealed record Location(long Id, string Name, string? Description, string? Picture, string Type);

/// <summary>Body of POST, PUT and replace-all. Every field may be missing so that validation can name it.</summary>
public sealed record LocationRequest(string? Name, string? Description, string? Picture, string? Type);

public static class LocationRules
{
    public const int NameMinLength = 3;
    public const int NameMaxLength = 50;
    public const int PictureMaxLength = 255;

    public static readonly string[] Types = ["CITY", "PLANET", "PLACE", "ISLAND", "COUNTRY", "MOON"];

    public static Dictionary<string, string[]> Validate(LocationRequest request, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is null)
            errors[prefix + "name"] = ["The name is required."];
        else if (request.Name.Length is < NameMinLength or > NameMaxLength)
            errors[prefix + "name"] = [$"The name must be {NameMinLength} to {NameMaxLength} characters long."];
        if (request.Type is null)
            errors[prefix + "type"] = ["The type is required."];
        else if (!Types.Contains(request.Type))
            errors[prefix + "type"] = [$"The type must be one of {string.Join(", ", Types)}."];
        if (request.Picture?.Length > PictureMaxLength)
            errors[prefix + "picture"] = [$"The picture must be at most {PictureMaxLength} characters long."];
        return errors;
    }
}
