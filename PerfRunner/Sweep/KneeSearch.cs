using PerfRunner.Results;

namespace PerfRunner.Sweep;

/// <summary>A step holds when its corrected p99 and its error rate are at most these, and the run is valid.</summary>
public sealed record Slo(double P99Ms, double ErrorRate);

/// <summary>Where a sweep starts and stops, how it steps, and how often a broken step is measured again.</summary>
public sealed record SweepSettings(double From, double To, double Factor, int Refine, int Remeasure, Slo Slo)
{
    public const int MaxRemeasure = 5;

    /// <summary>Why these settings cannot make a sweep, or null when they can.</summary>
    public string? Problem =>
        From > To || Factor <= 1 ? "--from must not exceed --to, and --factor must be above 1"
        : Remeasure is < 0 or > MaxRemeasure ? $"--remeasure must be between 0 and {MaxRemeasure}"
        : null;
}

public sealed record KneeSearchOutcome(IReadOnlyList<SweepStep> Steps, double? Knee, string Conclusion);

/// <summary>
/// Raises the rate geometrically until a step breaks the SLO (p99, error rate, or an invalid run: the generator or the
/// in-flight limit could not hold the rate), then bisects between the last good and the first bad rate. The knee is the
/// highest rate that held. A step that breaks is measured again (<see cref="SweepSettings.Remeasure"/> times) and the
/// rate holds if a re-measurement holds: on a shared machine an isolated stall of half a second breaks a 10 s step's
/// p99 by itself, at rates far below the knee, while a rate the system cannot hold breaks every time. Every attempt
/// is kept.
/// </summary>
/// <param name="measure">Measures one step at a rate; the int is the step's number, from 1.</param>
public sealed class KneeSearch(SweepSettings settings, Func<double, int, CancellationToken, Task<RunSummary>> measure)
{
    private readonly List<SweepStep> _steps = [];

    /// <summary>Called after every step, e.g. to log it.</summary>
    public Func<SweepStep, int, Task>? StepDone { get; init; }

    public async Task<KneeSearchOutcome> RunAsync(CancellationToken ct)
    {
        var (low, high) = (settings.From, settings.To);
        double? good = null, bad = null;
        for (var rate = low; rate <= high * 1.0001; rate = Math.Min(rate * settings.Factor, rate < high ? high : double.MaxValue))
        {
            if (await HoldsAsync(rate, ct))
            {
                good = rate;
                if (rate >= high)
                    break;
            }
            else
            {
                bad = rate;
                break;
            }
        }
        for (var i = 0; i < settings.Refine && good is { } g && bad is { } b && b - g > Math.Max(1, g * 0.02); i++)
        {
            var middle = (g + b) / 2;
            if (await HoldsAsync(middle, ct))
                good = middle;
            else
                bad = middle;
        }
        var conclusion = good is null ? $"not even {low:0.#}/s held within the SLO"
            : bad is null ? $"every rate up to {good:0.#}/s held; raise --to to find the knee"
            : $"the knee is between {good:0.#}/s (holds) and {bad:0.#}/s (breaks)";
        return new KneeSearchOutcome(_steps, good is null ? null : Math.Round(good.Value, 1), conclusion);
    }

    /// <summary>A measured run as a step: whether it held the SLO, and each reason it did not.</summary>
    public static SweepStep Judge(double rate, int attempt, RunSummary summary, Slo slo)
    {
        var failures = new List<string>(summary.Validity.Reasons);
        if (summary.Latency.P99 > slo.P99Ms)
            failures.Add($"p99 {summary.Latency.P99:0.##} ms > {slo.P99Ms:0.##} ms");
        if (summary.ErrorRate.Value > slo.ErrorRate)
            failures.Add($"error rate {summary.ErrorRate.Value:P2} > {slo.ErrorRate:P2}");
        return new SweepStep(Math.Round(rate, 1), attempt, failures.Count == 0, failures, summary.Load.AchievedRate.Value,
            summary.Load.Throughput.Value, summary.Latency.P50, summary.Latency.P99, summary.ErrorRate.Value, summary.Validity.Valid,
            summary.Metrics);
    }

    private async Task<bool> HoldsAsync(double rate, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 1 + settings.Remeasure; attempt++)
        {
            var step = Judge(rate, attempt, await measure(Math.Round(rate, 1), _steps.Count + 1, ct), settings.Slo);
            _steps.Add(step);
            if (StepDone is { } done)
                await done(step, _steps.Count);
            if (step.Pass)
                return true;
        }
        return false;
    }
}
