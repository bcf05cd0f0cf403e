using System.Globalization;
using PerfRunner.Results;

namespace PerfRunner.Report;

/// <summary>One observation from the data: a guidance line and, when there is something to do, a recommendation.</summary>
public sealed record Finding(string Guidance, string? Recommendation = null, IReadOnlyList<string>? Steps = null);

/// <summary>
/// Guidance derived from the measured figures. Every threshold is a constant here and listed in PerfRunner/README.md.
/// </summary>
public static class Guidance
{
    public const double HighP95Ms = 500;
    public const double GoodP95Ms = 200;
    public const double ErrorRateWarning = 0.001;
    public const double TailRatio = 5;
    public const double OutsideShare = 0.3;
    public const double OutsideMinimumMs = 1;
    public const double SaturatedShare = 0.8;
    public const double SlowQueryP99Ms = 10;
    // A query's p99 has no allowance for how starts differ (the latency verdicts do), so its rise is read against a
    // fixed bar, the comparison's threshold before that allowance existed.
    public const double QueryP99GrowthPercent = 15;

    public static IReadOnlyList<Finding> Analyze(RunResult result, string? entryService)
    {
        var findings = new List<Finding>();
        var run = result.Representative;
        double M(string name) => result.Metrics.TryGetValue(name, out var m) ? m.Value : 0;
        var (p50, p95, p99, errors) = (M("latency_p50_ms"), M("latency_p95_ms"), M("latency_p99_ms"), M("error_rate"));

        if (!result.Validity.Valid)
        {
            var steps = new List<string>();
            if (result.Runs.Any(r => r.Load.Dropped > 0))
            {
                steps.Add("Raise --max-in-flight (arrivals were dropped because that many iterations were already running) or lower --rps");
            }
            if (result.Runs.Any(r => r.Load.SendLag.P99 > result.Config.MaxSendLagMs || Math.Abs(r.Load.AchievedRate.Value - r.Load.TargetRate.Value) > r.Load.TargetRate.Value * ResultBuilder.RateTolerance))
            {
                steps.Add("The generator fell behind its schedule: run PerfRunner in Release, lower --rps, or give the machine fewer other processes");
            }
            if (result.Runs.Any(r => r.Services.Any(s => s.Optimized == false)))
            {
                steps.Add("Start the system in Release: `dotnet run --project AppHost`, without `-c Debug`");
            }
            steps.Add("Compare only valid runs: an invalid run did not apply the load that was asked for, or measured a Debug build");
            findings.Add(new($"⚠️ **Run invalid**: {string.Join("; ", result.Validity.Reasons)}", "Make the run valid before optimizing", steps));
        }
        if (Comparison.Drift.Describe(result) is { } drift)
        {
            findings.Add(new($"⚠️ **Runs drift**: {drift}", "Measure one steady state",
                ["Lengthen --warmup until the per-run figures stop moving (this system warms for minutes: JIT tiers, pools, caches)",
                 "Compare only runs taken after the same warm-up, one side right after the other"]));
        }
        if (p95 > HighP95Ms)
        {
            findings.Add(new($"⚠️ **High P95 latency** ({Ms(p95)} > {HighP95Ms} ms): the slowest 5 % of iterations need attention",
                "Focus on P95 latency reduction",
                ["Start from the service named in \"Where time goes\" and its slowest downstream call or query",
                 "Check database query times (db_query_duration_seconds) and connection pool waits",
                 "Review external call patterns: parallel calls, timeouts and retries"]));
        }
        if (p50 > 0 && p99 / p50 > TailRatio)
        {
            var gc = run.Services.Where(s => s.Valid).OrderByDescending(s => s.GcPauseMs).FirstOrDefault();
            findings.Add(new($"⚠️ **High latency variance**: p99 {Ms(p99)} is {p99 / p50:0.#}× p50 {Ms(p50)}",
                "Reduce latency variance",
                ["Look at the latency-over-time chart: steady tail or isolated spikes?",
                 gc is { GcPauseMs: > 0 } ? $"GC paused {gc.Service} for {gc.GcPauseMs:0.#} ms in the window: reduce allocations on the hot path" : "Check GC pauses (dotnet_gc_pause_time_seconds_total) per service",
                 "Check for thread-pool starvation, connection pool exhaustion and cold caches"]));
        }
        if (errors > ErrorRateWarning)
        {
            var kinds = string.Join(", ", run.Errors.OrderByDescending(e => e.Value).Take(3).Select(e => $"{e.Key} ({e.Value})"));
            findings.Add(new($"⚠️ **Elevated error rate** ({errors:P2} > {ErrorRateWarning:P1}): {kinds}",
                "Reduce error rate",
                [$"Most frequent errors: {kinds}",
                 "fallback_* errors mean the fights service could not reach (or waited too long for) that service; check its logs and health",
                 "timeout and connection errors point at pools, timeouts and services that are down"]));
        }
        foreach (var s in run.Services.Where(s => s.Fallbacks.Count > 0))
        {
            findings.Add(new($"⚠️ **Fallbacks**: {s.Service} answered with fallbacks for {string.Join(", ", s.Fallbacks.Select(f => $"{f.Key} ({f.Value})"))}"));
        }
        AddDownstream(findings, run, entryService);
        AddOutsideHandler(findings, run, entryService);
        Diagnoses.Add(findings, run, entryService);
        AddQueries(findings, result);
        AddCpu(findings, result, run);
        if (result.Validity.Valid && p95 < GoodP95Ms && errors < ErrorRateWarning)
        {
            findings.Add(new($"✓ **Good performance**: p95 {Ms(p95)} < {GoodP95Ms} ms and error rate {errors:P2} under this load"));
        }
        return findings;
    }

    private static void AddDownstream(List<Finding> findings, RunSummary run, string? entry)
    {
        var calls = run.Services.FirstOrDefault(s => s.Service == entry && s.Valid)?.Downstream;
        if (calls is not { Count: > 0 })
        {
            return;
        }
        var ranked = calls.OrderByDescending(c => c.Latency.MeanMs).ToList();
        var top = ranked[0];
        var others = string.Join(", ", ranked.Skip(1).Select(c => $"{c.Service} {Ms(c.Latency.MeanMs)}"));
        var target = run.Services.FirstOrDefault(s => s.Service == top.Service && s.Valid);
        var steps = new List<string> { $"Calls from {entry} to {top.Service}: {top.Calls}, mean {Ms(top.Latency.MeanMs)}, p99 {Ms(top.Latency.P99Ms)}, failures {top.Failures}" };
        if (target?.Routes.OrderByDescending(r => r.Requests).FirstOrDefault() is { } route)
        {
            steps.Add($"Inside {top.Service}, {route.Method} {route.Route} takes mean {Ms(route.Latency.MeanMs)} (p99 {Ms(route.Latency.P99Ms)}); the gap to the call time is the network and client pipeline");
        }
        if (target?.Queries.OrderByDescending(q => q.TotalMs).FirstOrDefault() is { } query)
        {
            steps.Add($"Its heaviest query is {query.Query}: mean {Ms(query.Latency.MeanMs)}, p99 {Ms(query.Latency.P99Ms)}");
        }
        findings.Add(new($"🔎 **Dominant downstream call**: {top.Service} (mean {Ms(top.Latency.MeanMs)} per call{(others.Length > 0 ? $"; {others}" : "")})",
            $"Look at {top.Service} first", steps));
    }

    private static void AddOutsideHandler(List<Finding> findings, RunSummary run, string? entry)
    {
        var service = run.Services.FirstOrDefault(s => s.Service == entry && s.Valid);
        if (service is null || run.Requests.Count == 0)
        {
            return;
        }
        // Means per request on both sides: the service's counts also hold the last moments of the warm-up (its metrics
        // are scraped just before the window), the client's do not.
        var requests = run.Requests.Sum(r => r.Count);
        var served = service.Routes.Sum(r => r.Requests);
        if (requests == 0 || served == 0)
        {
            return;
        }
        var clientMs = run.Requests.Sum(r => r.ServiceTime.Mean * r.Count) / requests;
        var serverMs = service.Routes.Sum(r => r.Latency.MeanMs * r.Requests) / served;
        var gapMs = clientMs - serverMs;
        if (clientMs > 0 && gapMs > OutsideMinimumMs && gapMs / clientMs > OutsideShare)
        {
            findings.Add(new($"⚠️ **Time outside the handler**: {Ms(gapMs)} of {Ms(clientMs)} per request passes before or after {entry} measured it",
                "Find the time spent outside the service's handlers",
                ["Client-side queueing: connection pool limits and the generator's own CPU",
                 "Server-side queueing before the endpoint runs: thread-pool starvation, Kestrel, middleware",
                 "Compare with a run at a lower --rps: if the gap shrinks, it is queueing"]));
        }
    }

    private static void AddQueries(List<Finding> findings, RunResult result)
    {
        var slow = result.Representative.Services.Where(s => s.Valid)
            .SelectMany(s => s.Queries.Select(q => (s.Service, Query: q)))
            .Where(x => x.Query.Latency.P99Ms > SlowQueryP99Ms)
            .OrderByDescending(x => x.Query.Latency.P99Ms).FirstOrDefault();
        if (slow.Query is not null)
        {
            findings.Add(new($"⚠️ **Slow query**: {slow.Service} {slow.Query.Query} p99 {Ms(slow.Query.Latency.P99Ms)} (mean {Ms(slow.Query.Latency.MeanMs)})",
                $"Speed up {slow.Query.Query} in {slow.Service}",
                ["EXPLAIN ANALYZE the query; check indexes and row locks", "Check connection pool waits (db_client_connection metrics)"]));
        }
        foreach (var grown in result.Comparison?.Metrics.Where(m => m.Metric.StartsWith("db.", StringComparison.Ordinal) &&
                     m.Metric.EndsWith(".p99_ms", StringComparison.Ordinal) && m.ChangePercent > QueryP99GrowthPercent) ?? [])
        {
            findings.Add(new($"⚠️ **Query p99 grew**: {grown.Metric} {Ms(grown.Baseline)} → {Ms(grown.Current)} ({grown.ChangePercent:+0.##}%)"));
        }
    }

    private static void AddCpu(List<Finding> findings, RunResult result, RunSummary run)
    {
        var services = run.Services.Where(s => s.Valid && s.CpuCores > 0).OrderByDescending(s => s.CpuCores).ToList();
        if (services.Count == 0)
        {
            return;
        }
        var cores = result.Environment.Cores;
        var used = services.Sum(s => s.CpuCores) + run.Load.GeneratorCpu.Value;
        var list = string.Join(", ", services.Select(s => $"{s.Service} {s.CpuCores:0.##}"));
        if (used > cores * SaturatedShare)
        {
            findings.Add(new($"⚠️ **CPU saturated**: services and generator used {used:0.##} of {cores} cores ({list}; PerfRunner {run.Load.GeneratorCpu.Value:0.##})",
                "Reduce CPU per request before anything else",
                [$"{services[0].Service} used the most CPU ({services[0].CpuCores:0.##} cores): profile it first (dotnet-trace)",
                 "Under saturation every latency includes waiting for a core; compare at a rate below saturation too"]));
        }
        else
        {
            findings.Add(new($"🔎 **CPU**: {list} cores (of {cores}); PerfRunner {run.Load.GeneratorCpu.Value:0.##}"));
        }
    }

    internal static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
