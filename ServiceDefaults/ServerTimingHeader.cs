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

    /// <summary>The process's GC pauses within <see cref="App"/>.</summary>
    public const string Gc = "gc";

    /// <summary>From a service's first downstream call's start to its last one's end: the calls overlap, so this is less than their sum.</summary>
    public const string Downstream = "downstream";

    /// <summary>Storing: waiting for the writer, the INSERT and the commit.</summary>
    public const string Commit = "commit";

    private const string OwnTimeSuffix = "." + App;

    /// <summary>The called service's own time (its <see cref="App"/>), as the caller records it beside the call (<c>heroes.app</c>).</summary>
    public static string OwnTimeOf(string service) => service + OwnTimeSuffix;

    /// <summary>The service whose own time <paramref name="name"/> is, or null when it is not such a metric.</summary>
    public static string? ServiceOfOwnTime(string name) =>
        name.EndsWith(OwnTimeSuffix, StringComparison.Ordinal) ? name[..^OwnTimeSuffix.Length] : null;

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
