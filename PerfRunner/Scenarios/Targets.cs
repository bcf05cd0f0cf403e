namespace PerfRunner.Scenarios;

/// <summary>
/// Where the services are. Defaults are the AppHost's fixed ports; when the AppHost starts PerfRunner it passes the
/// service-discovery variables (services__fights__http__0, ...), which win over the defaults; flags win over both.
/// </summary>
public sealed record Targets(Uri Fights, Uri Heroes, Uri Villains, Uri Locations, Uri? Url)
{
    public static readonly IReadOnlyDictionary<string, int> DefaultPorts = new Dictionary<string, int>
    {
        ["heroes"] = 8001,
        ["villains"] = 8002,
        ["locations"] = 8003,
        ["fights"] = 8004,
    };

    public IReadOnlyDictionary<string, Uri> Services => new SortedDictionary<string, Uri>(StringComparer.Ordinal)
    {
        ["fights"] = Fights,
        ["heroes"] = Heroes,
        ["villains"] = Villains,
        ["locations"] = Locations,
    };

    public static Uri Default(string service, Func<string, string?> environment)
    {
        var discovered = environment($"services__{service}__http__0");
        return WithSlash(discovered is { Length: > 0 } ? new Uri(discovered) : new Uri($"http://localhost:{DefaultPorts[service]}/"));
    }

    public static Uri WithSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
