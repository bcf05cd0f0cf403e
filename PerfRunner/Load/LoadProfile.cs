namespace PerfRunner.Load;

/// <summary>What happens to an arrival when <see cref="LoadProfile.MaxInFlight"/> iterations are already running.</summary>
public enum OverflowPolicy
{
    /// <summary>Counted as dropped and never sent (k6's dropped_iterations). The run is then invalid.</summary>
    Drop,

    /// <summary>Sent as soon as a slot frees; the wait counts in its corrected latency and send lag (wrk2).</summary>
    Queue,
}

/// <summary>
/// The load of one measured run: arrivals per second, the measured window after a warm-up, and the limits;
/// <see cref="TracedShare"/> is the share of iterations whose traces the services are asked to record.
/// </summary>
public sealed record LoadProfile(
    double Rate, TimeSpan Duration, TimeSpan Warmup, int MaxInFlight, OverflowPolicy Overflow, TimeSpan Timeout,
    double TracedShare = 1);
