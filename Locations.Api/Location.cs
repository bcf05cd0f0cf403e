using SuperHeroes.Catalog;

namespace Locations.Api;

public sealed record Location(long Id, string Name, string? Description, string? Picture, string Type) : ICatalogRow<Location>
{
    public static CatalogKind Kind { get; } = new("location", "locations", "Location");
}

/// <summary>Body of POST, PUT and replace-all. Every field may be missing so that validation can name it.</summary>
public sealed record LocationRequest(string? Name, string? Description, string? Picture, string? Type);

public static class LocationRules
{
    public static readonly string[] Types = ["CITY", "PLANET", "PLACE", "ISLAND", "COUNTRY", "MOON"];

    public static Dictionary<string, string[]> Validate(LocationRequest request, string prefix = "")
    {
        var errors = CatalogRules.ValidateName(request.Name, prefix);
        if (request.Type is null)
            errors[prefix + "type"] = ["The type is required."];
        else if (!Types.Contains(request.Type))
            errors[prefix + "type"] = [$"The type must be one of {string.Join(", ", Types)}."];
        CatalogRules.ValidatePicture(errors, request.Picture, prefix);
        return errors;
    }
}
