namespace PerfRunner.Metrics;

/// <summary>
/// A service that has served few requests since it started: the code of its hot paths is still being compiled and
/// tiered up, its connection pools are still filling. Right after a start the first seconds of load ran at several
/// times the p99 of the same load later (docs/performance.md), longer than a warm-up of a few seconds covers.
/// </summary>
public sealed record ColdSystem(string Service, long Served)
{
    /// <summary>Fewer requests served than this since the service started, and the system counts as cold.</summary>
    public const long ColdRequests = 1000;

    private const string ServedCount = "http_server_request_duration_seconds_count";

    /// <summary>The service that has served the fewest requests, when that is fewer than <see cref="ColdRequests"/>.</summary>
    public static ColdSystem? Find(IReadOnlyDictionary<string, IReadOnlyList<Sample>?> scrapes) =>
        scrapes.Where(s => s.Value is not null)
            .Select(s => new ColdSystem(s.Key, (long)s.Value!.Where(x => x.Name == ServedCount).Sum(x => x.Value)))
            .Where(c => c.Served < ColdRequests)
            .OrderBy(c => c.Served)
            .FirstOrDefault();
}
