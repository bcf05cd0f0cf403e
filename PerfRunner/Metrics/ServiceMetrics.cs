namespace PerfRunner.Metrics;

/// <summary>Server-side latency from bucket deltas, in ms ("bucket-interpolated" percentiles, exact mean).</summary>
public sealed record LatencyStats(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms)
{
    public static LatencyStats From(BucketHistogram h) => new(
        (long)Math.Round(h.Count), Ms(h.Mean), Ms(h.Quantile(0.50)), Ms(h.Quantile(0.95)), Ms(h.Quantile(0.99)));

    private static double Ms(double seconds) => Math.Round(seconds * 1000, 3);
}

public sealed record RouteStats(string Route, string Method, long Requests, long Errors5xx, LatencyStats Latency);

public sealed record DownstreamStats(string Service, long Calls, long Failures, LatencyStats Latency);

public sealed record QueryStats(string Query, LatencyStats Latency, double TotalMs);

/// <summary>What one service did during the measured window, from its /metrics before and after.</summary>
/// <param name="Build">The build configuration the service reports (<c>service_build_info</c>), e.g. "Release".</param>
/// <param name="Optimized">Whether its code is optimized; false for a Debug build.</param>
/// <param name="Practice">The practice bottlenecks switched on in the service (<c>practice_bottleneck_on</c>).</param>
/// <param name="LogRecords">Log records the service wrote in the window (<c>log_records_total</c>, every level its filters let through).</param>
/// <param name="StartedAtUtc">When the service's process started (<c>process_start_time_seconds</c>): two runs with the same
/// value ran against the same process.</param>
/// <param name="ConnectionsOpened">Database connections the service opened in the window (<c>db_connections_opened_total</c>), where it counts them.</param>
public sealed record ServiceMetrics(
    string Service, string Url, bool Valid, string? Problem, double WindowSeconds,
    IReadOnlyList<RouteStats> Routes, IReadOnlyList<DownstreamStats> Downstream, IReadOnlyList<QueryStats> Queries,
    SortedDictionary<string, long> Fallbacks, double CpuCores, double GcPauseMs, long Exceptions,
    string? Build = null, bool? Optimized = null, IReadOnlyList<string>? Practice = null, long? ConnectionsOpened = null,
    long LogRecords = 0, DateTimeOffset? StartedAtUtc = null)
{
    public const string BuildInfoName = "service_build_info";
    public const string StartTimeName = "process_start_time_seconds";
    public const string PracticeName = "practice_bottleneck_on";

    private static readonly HashSet<string> InfrastructureRoutes = ["/metrics", "/health", "/alive"];

    public static ServiceMetrics Unavailable(string service, string url, string problem) =>
        new(service, url, false, problem, 0, [], [], [], [], 0, 0, 0);

    public static ServiceMetrics FromScrapes(string service, string url, IReadOnlyList<Sample> before, IReadOnlyList<Sample> after, double windowSeconds)
    {
        var (deltas, reset) = Deltas.Compute(before, after);
        if (reset is not null)
        {
            return Unavailable(service, url, $"counter went down ({reset}): the service restarted during the run");
        }

        var routes = BucketHistogram.Group(deltas, "http_server_request_duration_seconds",
                s => InfrastructureRoutes.Contains(s.Label("http_route")) || s.Label("http_route") == "" ? null
                    : s.Label("http_request_method") + " " + s.Label("http_route"))
            .Select(g =>
            {
                var parts = g.Key.Split(' ', 2);
                var errors = deltas.Where(s => s.Name == "http_server_request_duration_seconds_count" &&
                        s.Label("http_route") == parts[1] && s.Label("http_request_method") == parts[0] &&
                        s.Label("http_response_status_code").StartsWith('5'))
                    .Sum(s => s.Value);
                return new RouteStats(parts[1], parts[0], (long)Math.Round(g.Value.Count), (long)Math.Round(errors), LatencyStats.From(g.Value));
            })
            .Where(r => r.Requests > 0)
            .ToList();

        var downstream = BucketHistogram.Group(deltas, "external_request_duration_seconds", s => s.Label("service"))
            .Select(g =>
            {
                var failures = deltas.Where(s => s.Name == "external_request_duration_seconds_count" &&
                        s.Label("service") == g.Key && s.Label("outcome") != "success")
                    .Sum(s => s.Value);
                return new DownstreamStats(g.Key, (long)Math.Round(g.Value.Count), (long)Math.Round(failures), LatencyStats.From(g.Value));
            })
            .Where(d => d.Calls > 0)
            .ToList();

        var queries = BucketHistogram.Group(deltas, "db_query_duration_seconds", s => s.Label("query_type"))
            .Where(g => g.Value.Count > 0)
            .Select(g => new QueryStats(g.Key, LatencyStats.From(g.Value), Math.Round(g.Value.Sum * 1000, 3)))
            .ToList();

        var fallbacks = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in deltas.Where(s => s.Name == "fights_fallbacks_total" && s.Value > 0))
        {
            fallbacks[s.Label("service")] = fallbacks.GetValueOrDefault(s.Label("service")) + (long)Math.Round(s.Value);
        }

        var opened = deltas.Any(s => s.Name == "db_connections_opened_total") ? (long?)Math.Round(Total("db_connections_opened_total")) : null;
        double Total(string name) => deltas.Where(s => s.Name == name).Sum(s => s.Value);
        var window = Math.Max(windowSeconds, 1e-9);
        var build = after.FirstOrDefault(s => s.Name == BuildInfoName);
        var started = after.FirstOrDefault(s => s.Name == StartTimeName);
        return new ServiceMetrics(
            service, url, true, null, Math.Round(windowSeconds, 3), routes, downstream, queries, fallbacks,
            Math.Round(Total("dotnet_process_cpu_time_seconds_total") / window, 3),
            Math.Round(Total("dotnet_gc_pause_time_seconds_total") * 1000, 3),
            (long)Math.Round(Total("dotnet_exceptions_total")),
            build?.Label("configuration"), build is null ? null : build.Label("optimized") != "false",
            [.. after.Where(s => s.Name == PracticeName && s.Value > 0).Select(s => s.Label("bottleneck")).Order(StringComparer.Ordinal)],
            opened, (long)Math.Round(Total("log_records_total")),
            started is null ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(started.Value * 1000)));
    }
}
