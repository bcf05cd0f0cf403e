namespace PerfRunner.Metrics;

/// <summary>Before/after differences of cumulative series (counters and histogram parts).</summary>
public static class Deltas
{
    public static bool IsCumulative(string name) =>
        name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal) ||
        name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal);

    /// <summary>
    /// Series that only grow while the process lives: histogram buckets and counts, and the process CPU time. Not
    /// every "_total" or "_count" name qualifies: the runtime's thread-pool queue length is an up-down counter and
    /// Npgsql's db_client_connection_count a gauge, so a decrease there says nothing about a restart.
    /// </summary>
    public static bool IsMonotonic(string name, ISet<string> histogramFamilies) =>
        name.EndsWith("_bucket", StringComparison.Ordinal) ||
        (name.EndsWith("_count", StringComparison.Ordinal) && histogramFamilies.Contains(name[..^"_count".Length])) ||
        name == "dotnet_process_cpu_time_seconds_total";

    /// <summary>
    /// after − before for every cumulative series in <paramref name="after"/> (a new series counts from 0).
    /// A series that went down means the process restarted in between: the deltas are then meaningless, and the
    /// first such series is returned as <c>Reset</c>.
    /// </summary>
    public static (IReadOnlyList<Sample> Deltas, string? Reset) Compute(IReadOnlyList<Sample> before, IReadOnlyList<Sample> after)
    {
        var previous = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in before.Where(s => IsCumulative(s.Name)))
        {
            previous[s.Key] = s.Value;
        }
        var histograms = after.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            .Select(s => s.Name[..^"_bucket".Length]).ToHashSet(StringComparer.Ordinal);
        var deltas = new List<Sample>();
        string? reset = null;
        foreach (var s in after.Where(s => IsCumulative(s.Name)))
        {
            var delta = s.Value - previous.GetValueOrDefault(s.Key);
            if (delta < -1e-9 && IsMonotonic(s.Name, histograms))
            {
                reset ??= s.Key;
            }
            deltas.Add(s with { Value = delta });
        }
        return (deltas, reset);
    }
}
