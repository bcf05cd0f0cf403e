using System.Diagnostics;
using PerfRunner.Load;
using PerfRunner.Measurement;
using PerfRunner.Metrics;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Tests;

/// <summary>
/// Results of known runs, made by feeding the real recorder timestamps as if the requests had happened, so every
/// figure of the result is known in advance.
/// </summary>
public static class SyntheticRuns
{
    public static RunPlan Config(string scenario = "execute-fight", double rate = 100, double seconds = 30) =>
        new(scenario, new LoadProfile(rate, TimeSpan.FromSeconds(seconds), TimeSpan.Zero, 1000, OverflowPolicy.Drop, TimeSpan.FromSeconds(10)),
            1, TimeSpan.FromMilliseconds(5), new Targets(
                new Uri("http://localhost:8004/"), new Uri("http://localhost:8001/"), new Uri("http://localhost:8002/"),
                new Uri("http://localhost:8003/"), null));

    /// <summary>
    /// A run at <paramref name="rate"/>/s: iteration i takes <paramref name="latencyMs"/>(i) ms and fails when
    /// <paramref name="fails"/>(i) is true; <paramref name="serverTiming"/>(i), when given, is the Server-Timing header
    /// of the iteration's one answer.
    /// </summary>
    public static RunSummary Run(int index, RunPlan plan, Func<int, double> latencyMs, Func<int, bool>? fails = null,
        IReadOnlyList<ServiceMetrics>? services = null, Func<int, string>? serverTiming = null)
    {
        var freq = Stopwatch.Frequency;
        const long t0 = 1_000_000_000;
        var (rate, seconds) = (plan.Load.Rate, plan.Load.Duration.TotalSeconds);
        var end = t0 + (long)(seconds * freq);
        var recorder = new RunRecorder(t0, t0, end, RunRecorder.SlowestFor(rate * seconds));
        var count = (int)(rate * seconds);
        for (var i = 0; i < count; i++)
        {
            var due = t0 + (long)(i * freq / rate);
            var failed = fails?.Invoke(i) ?? false;
            var done = due + (long)(latencyMs(i) / 1000 * freq);
            recorder.RecordSent(due, due);
            recorder.RecordRequest(due, "execute_fight", done - due, failed ? 500 : 200, failed ? "http_5xx" : null);
            // Every iteration has a trace; every other one asked the services to record it.
            IterationPhases? phases = null;
            if (serverTiming is not null)
            {
                phases = new IterationPhases();
                phases.AddRequest(latencyMs(i), [serverTiming(i)]);
            }
            recorder.RecordIteration(due, due, done, failed ? IterationOutcome.Failure("http_5xx") : IterationOutcome.Success,
                new IterationTrace(ActivityTraceId.CreateRandom(), Sampled: i % 2 == 0), phases);
        }
        var started = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
        return ResultBuilder.Summarize(index, plan.Load, plan.MaxSendLag, recorder.Snapshot(), services ?? [], started, started.AddSeconds(seconds), 0.1);
    }

    /// <summary>Latencies that vary like a real run's: a deterministic pseudo-random spread around a median.</summary>
    public static Func<int, double> Noisy(double medianMs, int seed) =>
        i =>
        {
            var x = (uint)(i * 2654435761u ^ (uint)seed * 40503u);
            x ^= x >> 13;
            x *= 0x5bd1e995;
            x ^= x >> 15;
            var u = (x % 10_000 + 0.5) / 10_000.0;
            // Log-normal-ish: most near the median, a tail up to about 4×.
            return medianMs * Math.Exp(0.35 * Probit(u));
        };

    private static double Probit(double p)
    {
        // Acklam's rational approximation is overkill here; a logistic approximation gives a plausible spread.
        return Math.Log(p / (1 - p)) / 1.702;
    }

    public static RunResult Result(RunPlan plan, params RunSummary[] runs) => ResultBuilder.Combine(plan.ToConfig(), runs);

    /// <summary><paramref name="count"/> runs around 10 ms, each with its own noise (seeds after <paramref name="seeds"/>), every latency × <paramref name="factor"/>.</summary>
    public static RunResult Repeated(int count, int seeds, double factor = 1)
    {
        var plan = Config();
        return Result(plan, Enumerable.Range(1, count).Select(i => Run(i, plan, x => Noisy(10, seeds + i)(x) * factor)).ToArray());
    }

    /// <summary>The comparison at the 5 % threshold, one start a side.</summary>
    public static ComparisonResult Compare(RunResult baseline, RunResult current) =>
        PerfRunner.Comparison.Comparer.Compare(baseline, current, 5, "baseline.json");

    /// <summary>The verdict on one metric.</summary>
    public static string Verdict(ComparisonResult comparison, string metric) =>
        comparison.Metrics.Single(m => m.Metric == metric).Verdict;

    /// <summary>The run, as if the machine's walk through memory had taken <paramref name="walkMs"/> on average during it.</summary>
    public static RunSummary OnMachine(RunSummary run, double walkMs)
    {
        run.Metrics[ResultBuilder.MachineWalkMetric] = new Metric(walkMs, "ms", "none");
        return run;
    }
}
