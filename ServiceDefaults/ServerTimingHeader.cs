using System.Globalization;
using System.Text;

namespace ServiceDefaults;

/// <summary>
/// Writing and reading the W3C <c>Server-Timing</c> header (<c>app;dur=2.4, gc;dur=0, heroes;dur=1.1</c>). Compiled
/// into the services (which write it and read the answers of the services they call) and into PerfRunner (which
/// reads it for each iteration); it depends on nothing else for that reason.
/// </summary>
public static class ServerTimingHeader
{
    public const string Name = "Server-Timing";

    /// <summary>The whole time a service spent on the request, from its first middleware to the response's start.</summary>
    public const string App = "app";

    public static string Format(IEnumerable<(string Name, double Ms)> metrics)
    {
        var header = new StringBuilder();
        foreach (var (name, ms) in metrics)
            header.Append(header.Length > 0 ? ", " : "").Append(name).Append(";dur=").Append(ms.ToString("0.###", CultureInfo.InvariantCulture));
        return header.ToString();
    }

    /// <summary>Every metric with a duration; anything else (a description, a malformed entry) is skipped.</summary>
    public static IEnumerable<(string Name, double Ms)> Parse(IEnumerable<string?> headerValues)
    {
        foreach (var value in headerValues)
        {
            foreach (var metric in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = metric.Split(';', StringSplitOptions.TrimEntries);
                foreach (var parameter in parts.Skip(1))
                {
                    if (parts[0].Length > 0
                        && parameter.StartsWith("dur=", StringComparison.Ordinal)
                        && double.TryParse(parameter.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                        && double.IsFinite(ms) && ms >= 0)
                    {
                        yield return (parts[0], ms);
                    }
                }
            }
        }
    }

    /// <summary>One metric's duration, or null when the header has none.</summary>
    public static double? Read(IEnumerable<string?> headerValues, string name)
    {
        foreach (var (metric, ms) in Parse(headerValues))
        {
            if (metric == name)
                return ms;
        }
        return null;
    }
}
