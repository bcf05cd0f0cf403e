using System.Globalization;
using System.Text.RegularExpressions;

namespace SuperHeroes.Tests;

/// <summary>Reads a service's Prometheus /metrics text in tests.</summary>
public static class MetricsText
{
    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain <paramref name="labels"/> (e.g. <c>level="information"</c>).</summary>
    public static double Sum(string metrics, string name, string labels = "") =>
        metrics.Split('\n')
            .Select(line => Regex.Match(line, $@"^{Regex.Escape(name)}(\{{(?<labels>[^}}]*)\}})? (?<value>\S+)"))
            .Where(m => m.Success && m.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    public static async Task<double> SumAsync(HttpClient client, string name, string labels = "") =>
        Sum(await client.GetStringAsync("/metrics"), name, labels);
}
