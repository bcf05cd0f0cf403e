using ServiceDefaults;

namespace PerfRunner.Load;

/// <summary>
/// Where one iteration's time went, as its requests saw it: the client-side time of each request and the
/// <c>Server-Timing</c> metrics of its answers (<c>app</c>: the service's own time; the service's phases, such as a
/// downstream call or a commit), each summed over the iteration's requests, in ms.
/// </summary>
public sealed class IterationPhases
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, double> _server = new(StringComparer.Ordinal);
    private double _requestsMs;

    public void AddRequest(double elapsedMs, IEnumerable<string?> serverTiming)
    {
        lock (_gate)
        {
            _requestsMs += elapsedMs;
            foreach (var (name, ms) in ServerTimingHeader.Parse(serverTiming))
                _server[name] = _server.GetValueOrDefault(name) + ms;
        }
    }

    public IterationBreakdown ToBreakdown(double latencyMs, double sendLagMs)
    {
        lock (_gate)
            return new IterationBreakdown(latencyMs, sendLagMs, _requestsMs, new SortedDictionary<string, double>(_server, StringComparer.Ordinal));
    }
}

/// <summary>
/// One iteration's time, or the mean over many: its latency from the intended send, PerfRunner's send lag, the
/// client-side time of its requests, and the services' Server-Timing metrics (ms).
/// </summary>
public sealed record IterationBreakdown(double LatencyMs, double SendLagMs, double RequestsMs, SortedDictionary<string, double> Server)
{
    public static IterationBreakdown Mean(IEnumerable<IterationBreakdown> iterations)
    {
        var sum = new BreakdownSum();
        foreach (var iteration in iterations)
            sum.Add(iteration);
        return sum.Mean() ?? new(0, 0, 0, new(StringComparer.Ordinal));
    }
}

/// <summary>The running sum of many iterations' breakdowns, for their mean without keeping them.</summary>
internal sealed class BreakdownSum
{
    private readonly SortedDictionary<string, double> _server = new(StringComparer.Ordinal);
    private double _latency, _sendLag, _requests;
    private long _count;

    public void Add(IterationBreakdown b)
    {
        _count++;
        _latency += b.LatencyMs;
        _sendLag += b.SendLagMs;
        _requests += b.RequestsMs;
        foreach (var (name, ms) in b.Server)
            _server[name] = _server.GetValueOrDefault(name) + ms;
    }

    public IterationBreakdown? Mean() => _count == 0 ? null : new(
        _latency / _count, _sendLag / _count, _requests / _count,
        new SortedDictionary<string, double>(_server.ToDictionary(x => x.Key, x => x.Value / _count), StringComparer.Ordinal));
}
