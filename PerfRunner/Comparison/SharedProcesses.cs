using PerfRunner.Results;

namespace PerfRunner.Comparison;

/// <summary>
/// Which services the two sides of a comparison ran against the same process of (one start time in every run of both
/// sides, from each service's <c>process_start_time_seconds</c>) and which were started anew between runs: the method
/// line says so, for a reader to tell a comparison of two fresh systems from one where a single service was restarted.
/// Both are allowed what fresh systems differ by: on a noisy day a fresh fights process beside a system kept running
/// moved as much as fresh systems had (docs/verdicts.md, "A fresh fights process per run").
/// </summary>
public sealed record SharedProcesses(IReadOnlyList<string> Shared, IReadOnlyList<string> Restarted)
{
    /// <summary>Null when a run does not say when some service's process started (an older result, a service not scraped).</summary>
    public static SharedProcesses? Of(RunResult baseline, RunResult current)
    {
        var runs = baseline.Runs.Concat(current.Runs).ToList();
        var services = runs.SelectMany(r => r.Services).Select(s => s.Service).Distinct().Order(StringComparer.Ordinal).ToList();
        if (services.Count == 0)
        {
            return null;
        }
        var (shared, restarted) = (new List<string>(), new List<string>());
        foreach (var service in services)
        {
            var starts = runs.Select(r => r.Services.FirstOrDefault(s => s.Service == service)?.StartedAtUtc).ToList();
            if (starts.Any(s => s is null))
            {
                return null;
            }
            (starts.Distinct().Count() == 1 ? shared : restarted).Add(service);
        }
        return new(shared, restarted);
    }
}
