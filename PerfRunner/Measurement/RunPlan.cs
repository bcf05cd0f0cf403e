using PerfRunner.Load;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Measurement;

/// <summary>
/// What to measure: a scenario against the targets under a load, run <see cref="Repeat"/> times; a run whose send lag
/// p99 is above <see cref="MaxSendLag"/> is invalid (the generator could not keep its schedule). Trace links in the
/// report point at <see cref="Dashboard"/>. A cold system gets <see cref="ColdWarmup"/> of unmeasured load first.
/// </summary>
public sealed record RunPlan(string Scenario, LoadProfile Load, int Repeat, TimeSpan MaxSendLag, Targets Targets, Uri? Dashboard = null,
    TimeSpan ColdWarmup = default)
{
    public RunPlan AtRate(double rate) => this with { Load = Load with { Rate = rate } };

    /// <summary>The plan as a result records it: plain numbers and strings, so any reader of the JSON can use it.</summary>
    public RunConfig ToConfig() => new(
        Scenario, Load.Rate, Load.Duration.TotalSeconds, Load.Warmup.TotalSeconds, Load.MaxInFlight,
        Load.Overflow.ToString().ToLowerInvariant(), Load.Timeout.TotalSeconds, Repeat, MaxSendLag.TotalMilliseconds,
        Targets.Services.ToDictionary(s => s.Key, s => s.Value.ToString()), Targets.Url?.ToString(), Load.TracedShare,
        Dashboard?.ToString());
}
