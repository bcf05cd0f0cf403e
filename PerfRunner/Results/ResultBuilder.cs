using System.Diagnostics;
using System.Runtime.InteropServices;
using PerfRunner.Load;
using PerfRunner.Metrics;

namespace PerfRunner.Results;

/// <summary>Turns what a run recorded into the result: validity verdict, headline metrics, service metrics.</summary>
public static class ResultBuilder
{
    /// <summary>A run whose achieved rate is further than this from the target is not the load that was asked for.</summary>
    public const double RateTolerance = 0.02;

    /// <summary>The mean time of <see cref="Measurement.MachineSpeed"/>'s walk through memory during the run: how fast the machine ran.</summary>
    public const string MachineWalkMetric = "machine_walk_ms";

    /// <summary>The whole machine's CPU over the measured window: every process and the kernel (<see cref="Measurement.MachineCpu"/>).</summary>
    public const string MachineCpuMetric = "cpu.machine.cores";

    /// <summary>
    /// The whole machine's cores over the window and the part of them the services did not use (PostgreSQL, the
    /// dashboard, the orchestrator, PerfRunner, the kernel); null for a run that did not count the machine.
    /// </summary>
    public static (double Machine, double OutsideServices)? MachineCores(RunSummary run) =>
        run.Metrics.TryGetValue(MachineCpuMetric, out var machine)
            ? (machine.Value, Math.Max(0, machine.Value - run.Services.Where(s => s.Valid).Sum(s => s.CpuCores)))
            : null;

    public static RunSummary Summarize(
        int index, LoadProfile load, TimeSpan maxSendLag, RecordedRun run, IReadOnlyList<ServiceMetrics> services,
        DateTimeOffset started, DateTimeOffset ended, double generatorCpuCores, double generatorGcPauseMs = 0,
        double? machineWalkMs = null, double? machineCpuCores = null)
    {
        var seconds = load.Duration.TotalSeconds;
        var succeeded = run.Completed - run.Failed;
        var unfinished = run.Sent - run.Completed;
        var achieved = run.Sent / seconds;
        var latency = run.Latency.Summarize("intended");
        var errorRate = run.Completed + unfinished > 0 ? (double)(run.Failed + unfinished) / (run.Completed + unfinished) : 0;

        var figures = new LoadFigures(
            run.Intended, run.Sent, run.Dropped, run.Completed, succeeded, run.Failed, unfinished,
            new Metric(load.Rate, "1/s", "none"),
            new Metric(Math.Round(achieved, 3), "1/s", "none"),
            new Metric(Math.Round(succeeded / seconds, 3), "1/s", "higher"),
            run.SendLag,
            new Metric(Math.Round(generatorCpuCores, 3), "cores", "lower"),
            new Metric(Math.Round(generatorGcPauseMs, 3), "ms", "lower"));

        var reasons = ValidityReasons(load, maxSendLag, run, achieved, unfinished, services);

        var metrics = new SortedDictionary<string, Metric>(StringComparer.Ordinal)
        {
            ["latency_mean_ms"] = new(latency.Mean, "ms", "lower"),
            ["latency_p50_ms"] = new(latency.P50, "ms", "lower"),
            ["latency_p90_ms"] = new(latency.P90, "ms", "lower"),
            ["latency_p95_ms"] = new(latency.P95, "ms", "lower"),
            ["latency_p99_ms"] = new(latency.P99, "ms", "lower"),
            ["latency_p99_9_ms"] = new(latency.P99_9, "ms", "lower"),
            ["service_time_p50_ms"] = new(run.ServiceTime.P50, "ms", "lower"),
            ["service_time_p99_ms"] = new(run.ServiceTime.P99, "ms", "lower"),
            ["throughput_per_s"] = figures.Throughput,
            ["error_rate"] = new(Math.Round(errorRate, 6), "ratio", "lower"),
            ["send_lag_p99_ms"] = new(run.SendLag.P99, "ms", "lower"),
        };
        if (machineWalkMs is { } walk)
        {
            metrics[MachineWalkMetric] = new(walk, "ms", "none");
        }
        if (machineCpuCores is { } machineCores)
        {
            metrics[MachineCpuMetric] = new(machineCores, "cores", "lower");
        }
        foreach (var s in services.Where(s => s.Valid))
        {
            foreach (var r in s.Routes)
            {
                metrics[$"server.{s.Service}.{r.Method} {r.Route}.mean_ms"] = new(r.Latency.MeanMs, "ms", "lower");
                metrics[$"server.{s.Service}.{r.Method} {r.Route}.p99_ms"] = new(r.Latency.P99Ms, "ms", "lower");
            }
            foreach (var d in s.Downstream)
            {
                metrics[$"downstream.{s.Service}.{d.Service}.mean_ms"] = new(d.Latency.MeanMs, "ms", "lower");
            }
            foreach (var q in s.Queries)
            {
                metrics[$"db.{s.Service}.{q.Query}.mean_ms"] = new(q.Latency.MeanMs, "ms", "lower");
                metrics[$"db.{s.Service}.{q.Query}.p99_ms"] = new(q.Latency.P99Ms, "ms", "lower");
            }
            metrics[$"cpu.{s.Service}.cores"] = new(s.CpuCores, "cores", "lower");
        }

        return new RunSummary(
            index, started, ended, new Validity(reasons.Count == 0, reasons), figures, latency, run.ServiceTime,
            new Metric(Math.Round(errorRate, 6), "ratio", "lower"), run.Errors, run.StatusCodes, run.Requests,
            metrics, services, run.TimeSeries, run.Latency.Buckets(), run.Slowest, run.Typical);
    }

    /// <summary>Why a run's figures do not stand for the system under the load asked for; empty when they do.</summary>
    private static List<string> ValidityReasons(
        LoadProfile load, TimeSpan maxSendLag, RecordedRun run, double achieved, long unfinished, IReadOnlyList<ServiceMetrics> services)
    {
        var maxSendLagMs = maxSendLag.TotalMilliseconds;
        var reasons = new List<string>();
        if (Math.Abs(achieved - load.Rate) > load.Rate * RateTolerance)
        {
            reasons.Add($"achieved rate {achieved:0.##}/s is off the target {load.Rate:0.##}/s by more than {RateTolerance:P0}");
        }
        if (run.Dropped > 0)
        {
            reasons.Add($"{run.Dropped} arrivals dropped: {load.MaxInFlight} iterations were already in flight");
        }
        if (run.SendLag.P99 > maxSendLagMs)
        {
            reasons.Add($"send lag p99 {run.SendLag.P99:0.###} ms is over the {maxSendLagMs:0.###} ms bound: the generator could not keep up");
        }
        if (unfinished > 0)
        {
            reasons.Add($"{unfinished} iterations never finished");
        }
        if (services.Where(s => s.Optimized == false).Select(s => s.Service).ToList() is { Count: > 0 } debug)
        {
            reasons.Add($"services built in Debug ({string.Join(", ", debug)}): figures not representative; " +
                        "start the system in Release (`dotnet run --project AppHost` does by default)");
        }
        return reasons;
    }

    public static RunResult Combine(RunConfig config, IReadOnlyList<RunSummary> runs)
    {
        var metrics = new SortedDictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var name in runs.SelectMany(r => r.Metrics.Keys).Distinct())
        {
            var values = runs.Where(r => r.Metrics.ContainsKey(name)).Select(r => r.Metrics[name]).ToList();
            var first = values[0];
            metrics[name] = first with { Value = Math.Round(Median(values.Select(v => v.Value)), 6) };
        }
        var reasons = runs.Where(r => !r.Validity.Valid)
            .SelectMany(r => r.Validity.Reasons.Select(reason => runs.Count > 1 ? $"run {r.Index}: {reason}" : reason))
            .ToList();
        return new RunResult(
            RunResult.CurrentSchema, new ToolInfo("PerfRunner", typeof(ResultBuilder).Assembly.GetName().Version?.ToString() ?? "0"),
            config, Environment(), runs[0].StartedAtUtc, runs[^1].EndedAtUtc, new Validity(reasons.Count == 0, reasons),
            metrics, runs, null);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static EnvironmentInfo Environment() => new(
        GitCommit(), System.Environment.ProcessorCount, RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, System.Environment.MachineName);

    private static string? GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
            {
                return null;
            }
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(2000);
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
