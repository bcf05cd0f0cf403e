using System.Diagnostics;

namespace PerfRunner.Load;

/// <summary>
/// The W3C trace context of one iteration: every request the iteration makes carries the same trace id, so a
/// <c>fight</c> iteration's three requests are one trace in the dashboard. <see cref="Sampled"/> sets the traceparent's
/// sampled flag, which the services' parent-based samplers follow: a marked iteration is recorded whatever their own
/// ratio, an unmarked one is not.
/// </summary>
public readonly record struct IterationTrace(ActivityTraceId TraceId, bool Sampled)
{
    public static IterationTrace Create(double tracedShare) =>
        new(ActivityTraceId.CreateRandom(), tracedShare >= 1 || (tracedShare > 0 && Random.Shared.NextDouble() < tracedShare));

    public bool IsEmpty => TraceId == default;

    /// <summary>A traceparent for one request of the iteration: the iteration's trace, a span id of its own.</summary>
    public string TraceParent() => $"00-{TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-{(Sampled ? "01" : "00")}";
}
