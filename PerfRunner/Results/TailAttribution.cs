using PerfRunner.Load;
using ServiceDefaults;

namespace PerfRunner.Results;

/// <summary>One phase of an iteration's time: its mean over the slowest iterations and over all of them (ms).</summary>
public sealed record PhaseTime(string Phase, double SlowestMs, double AllMs)
{
    public double ExcessMs => SlowestMs - AllMs;
}

/// <summary>
/// Where the slowest iterations' time went, phase by phase, against the mean iteration: from PerfRunner's own clock
/// (send lag, requests) and the Server-Timing header of every answer (the entry service's own time and its phases).
/// <see cref="Phases"/> add up to the latency; <see cref="Details"/> are parts of them (GC pauses, each downstream
/// call and the called service's own time) and overlap.
/// </summary>
public sealed record TailAttribution(
    int Iterations, double SlowestLatencyMs, double AllLatencyMs, IReadOnlyList<PhaseTime> Phases, IReadOnlyList<PhaseTime> Details)
{
    public const string SendLag = "waiting to be sent (PerfRunner's send lag)";
    public const string BetweenRequests = "in PerfRunner between an iteration's requests";
    public const string Outside = "outside the services' handlers (connection, kernel, queueing, thread-pool wake-ups)";
    public const string Downstream = "downstream calls (first start to last end)";
    public const string Commit = "storing (waiting for the writer, INSERT, commit)";
    public const string Handler = "the rest of the entry service's handler";
    public const string Unexplained = "the requests (no Server-Timing in the answers)";

    /// <summary>The phase that grew most from the mean iteration to the slowest ones: what makes the tail.</summary>
    public PhaseTime? Dominant => Phases.Where(p => p.ExcessMs > 0).MaxBy(p => p.ExcessMs);

    public static TailAttribution? Of(RunSummary run)
    {
        var slowest = run.Slowest?.Where(s => s.Phases is not null).Select(s => s.Phases!).ToList();
        if (slowest is not { Count: > 0 } || run.Typical is not { } all)
            return null;
        var slow = IterationBreakdown.Mean(slowest);
        var phases = Split(slow).Zip(Split(all), (s, a) => new PhaseTime(s.Phase, s.Ms, a.Ms))
            .Where(p => p.SlowestMs > 0 || p.AllMs > 0).ToList();
        var details = new List<PhaseTime>();
        foreach (var name in slow.Server.Keys.Union(all.Server.Keys).Where(IsDetail).Order(StringComparer.Ordinal))
        {
            details.Add(new PhaseTime(DetailName(name), slow.Server.GetValueOrDefault(name), all.Server.GetValueOrDefault(name)));
        }
        return new TailAttribution(slowest.Count, slow.LatencyMs, all.LatencyMs, phases, details);
    }

    // The additive split of one breakdown, always the same phases in the same order.
    private static List<(string Phase, double Ms)> Split(IterationBreakdown b)
    {
        var between = Math.Max(0, b.LatencyMs - b.SendLagMs - b.RequestsMs);
        if (!b.Server.TryGetValue(ServerTimingHeader.App, out var app))
            return [(SendLag, b.SendLagMs), (BetweenRequests, between), (Unexplained, b.RequestsMs), (Outside, 0), (Downstream, 0), (Commit, 0), (Handler, 0)];
        var downstream = b.Server.GetValueOrDefault(ServerTimingHeader.Downstream);
        var commit = b.Server.GetValueOrDefault(ServerTimingHeader.Commit);
        return [(SendLag, b.SendLagMs), (BetweenRequests, between), (Unexplained, 0), (Outside, Math.Max(0, b.RequestsMs - app)),
                (Downstream, downstream), (Commit, commit), (Handler, Math.Max(0, app - downstream - commit))];
    }

    private static bool IsDetail(string name) => name is not (ServerTimingHeader.App or ServerTimingHeader.Downstream or ServerTimingHeader.Commit);

    private static string DetailName(string name) => name switch
    {
        ServerTimingHeader.Gc => "GC pauses in the entry service (within its handler)",
        _ when ServerTimingHeader.ServiceOfOwnTime(name) is { } service => $"{service}: the called service's own handler (within the call)",
        _ => $"call to {name} (within the downstream calls)",
    };
}
