using System.Globalization;
using System.Text;
using PerfRunner.Comparison;
using PerfRunner.Load;
using PerfRunner.Results;

namespace PerfRunner.Report;

/// <summary>
/// The report: the Python report's sections with correct numbers, plus validity, per-request figures, where time goes
/// (from the services' own metrics) and the comparison with its statistics.
/// </summary>
public static class MarkdownReport
{
    public static string Render(RunResult result, string? chartFile, string? entryService)
    {
        var md = new StringBuilder();
        var c = result.Config;
        var run = result.Representative;
        md.AppendLine("# Performance Test Results").AppendLine();
        md.AppendLine($"**Timestamp:** {result.StartedAtUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC  ");
        md.AppendLine($"**Scenario:** `{c.Scenario}` at {N(c.Rate)} iterations/s for {N(c.DurationSeconds)} s after a {N(c.WarmupSeconds)} s warm-up" +
                      (c.ColdWarmupSeconds > 0 ? $" (the system was cold: {N(c.ColdWarmupSeconds)} s of unmeasured load before the first run)" : "") + "; " +
                      $"{result.Runs.Count} run(s); max in flight {c.MaxInFlight} ({c.Overflow}); commit {result.Environment.GitCommit ?? "unknown"}; {result.Environment.Cores} cores  ");
        md.AppendLine($"**Targets:** {string.Join(", ", c.Targets.Select(t => $"{t.Key} {t.Value}"))}{(c.Url is null ? "" : $"; url {c.Url}")}").AppendLine();

        md.AppendLine("## Run validity").AppendLine();
        if (result.Validity.Valid)
        {
            md.AppendLine($"✓ **Valid**: achieved {N(run.Load.AchievedRate.Value)}/s of {N(c.Rate)}/s (tolerance {ResultBuilder.RateTolerance:P0}), " +
                          $"0 dropped, send lag p99 {N(run.Load.SendLag.P99)} ms (bound {N(c.MaxSendLagMs)} ms).");
        }
        else
        {
            md.AppendLine("✗ **Invalid**: this run's figures do not stand for the system under the load asked for; do not compare it.");
            foreach (var reason in result.Validity.Reasons)
            {
                md.AppendLine($"- {reason}");
            }
        }
        md.AppendLine();
        if (result.Metrics.TryGetValue(ResultBuilder.MachineWalkMetric, out var walk))
        {
            md.AppendLine($"**Machine speed:** a fixed walk through memory, timed every {N(Measurement.MachineSpeed.Interval.TotalMilliseconds)} ms " +
                          $"beside the load, took {N(walk.Value)} ms on average (a comparison puts both sides' times at the baseline's machine speed).").AppendLine();
        }
        if (run.Services.Where(s => s.Practice is { Count: > 0 }).Select(s => $"{s.Service}: {string.Join(", ", s.Practice!)}").ToList() is { Count: > 0 } practice)
        {
            md.AppendLine($"🧪 **Practice bottlenecks switched on** ({string.Join("; ", practice)}): the system was slowed on purpose " +
                          "(README, Practice).").AppendLine();
        }

        RenderRequests(md, result, chartFile);
        RenderErrors(md, result);
        SlowestIterations.Render(md, result);
        WhereTimeGoes.Render(md, run, entryService, result.Runs.Count > 1);
        if (result.Comparison is { } comparison)
        {
            RenderComparison(md, comparison);
        }

        var findings = Guidance.Analyze(result, entryService);
        md.AppendLine("## AI Optimization Guidance").AppendLine();
        foreach (var f in findings)
        {
            md.AppendLine($"- {f.Guidance}");
        }
        md.AppendLine().AppendLine("## Data-Driven Optimization Recommendations").AppendLine();
        var number = 1;
        foreach (var f in findings.Where(f => f.Recommendation is not null))
        {
            md.AppendLine($"{number++}. **{f.Recommendation}**");
            foreach (var step in f.Steps ?? [])
            {
                md.AppendLine($"   - {step}");
            }
        }
        if (number == 1)
        {
            md.AppendLine("Nothing stands out in this run's data.");
        }
        return md.ToString();
    }

    private static void RenderRequests(StringBuilder md, RunResult result, string? chartFile)
    {
        var run = result.Representative;
        double M(string name) => result.Metrics.TryGetValue(name, out var m) ? m.Value : 0;
        md.AppendLine("## Request Performance Metrics").AppendLine();
        md.AppendLine(result.Runs.Count > 1
            ? $"Iteration latency, median of {result.Runs.Count} runs, from the intended send time (corrected for coordinated omission):"
            : "Iteration latency from the intended send time (corrected for coordinated omission):").AppendLine();
        md.AppendLine($"- **Average latency:** {N(M("latency_mean_ms"))}ms");
        md.AppendLine($"- **P50 (median):** {N(M("latency_p50_ms"))}ms");
        md.AppendLine($"- **P90:** {N(M("latency_p90_ms"))}ms");
        md.AppendLine($"- **P95:** {N(M("latency_p95_ms"))}ms");
        md.AppendLine($"- **P99:** {N(M("latency_p99_ms"))}ms");
        md.AppendLine($"- **P99.9:** {N(M("latency_p99_9_ms"))}ms");
        md.AppendLine($"- **Min:** {N(result.Runs.Min(r => r.Latency.Min))}ms");
        md.AppendLine($"- **Max:** {N(result.Runs.Max(r => r.Latency.Max))}ms").AppendLine();
        md.AppendLine($"- **Total iterations:** {result.Runs.Sum(r => r.Load.Completed)} ({result.Runs.Sum(r => r.Requests.Sum(q => q.Count))} requests)");
        md.AppendLine($"- **Iterations per second:** {N(M("throughput_per_s"))} successful; achieved send rate {N(run.Load.AchievedRate.Value)}/s of {N(result.Config.Rate)}/s");
        md.AppendLine($"- **Send lag:** p50 {N(run.Load.SendLag.P50)} ms, p99 {N(run.Load.SendLag.P99)} ms, max {N(run.Load.SendLag.Max)} ms; dropped {result.Runs.Sum(r => r.Load.Dropped)}; PerfRunner CPU {N(run.Load.GeneratorCpu.Value)} cores, GC pauses {N(run.Load.GeneratorGcPause.Value)} ms").AppendLine();

        md.AppendLine("| run | basis | samples | mean | p50 | p90 | p95 | p99 | p99.9 | max | stdev |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in result.Runs)
        {
            foreach (var (label, d) in new[] { ("intended send (corrected)", r.Latency), ("actual send", r.ServiceTime) })
            {
                md.AppendLine($"| {r.Index} | {label} | {d.Count} | {N(d.Mean)} | {N(d.P50)} | {N(d.P90)} | {N(d.P95)} | {N(d.P99)} | {N(d.P99_9)} | {N(d.Max)} | {N(d.Stdev)} |");
            }
        }
        md.AppendLine().AppendLine($"Per request (from the actual send, run {run.Index}{(result.Runs.Count > 1 ? ", the run with the median p99" : "")}, ms):").AppendLine();
        md.AppendLine("| request | count | failed | mean | p50 | p95 | p99 | max | status codes |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var q in run.Requests)
        {
            var t = q.ServiceTime;
            md.AppendLine($"| {q.Name} | {q.Count} | {q.Failed} | {N(t.Mean)} | {N(t.P50)} | {N(t.P95)} | {N(t.P99)} | {N(t.Max)} | {string.Join(", ", q.StatusCodes.Select(s => $"{s.Key}: {s.Value}"))} |");
        }
        if (chartFile is not null)
        {
            md.AppendLine().AppendLine($"![Latency over time]({chartFile})");
        }
        md.AppendLine();
    }

    private static void RenderErrors(StringBuilder md, RunResult result)
    {
        var (failed, total) = result.Failures;
        var rate = total > 0 ? (double)failed / total : 0;
        md.AppendLine("## Error Metrics").AppendLine();
        md.AppendLine($"- **Failure rate:** {rate.ToString("0.0000", CultureInfo.InvariantCulture)} ({(rate * 100).ToString("0.00", CultureInfo.InvariantCulture)}%)");
        md.AppendLine($"- **Failed iterations:** {failed} of {total}");
        var kinds = result.Runs.SelectMany(r => r.Errors).GroupBy(e => e.Key).Select(g => $"{g.Key}: {g.Sum(e => e.Value)}").ToList();
        md.AppendLine($"- **Errors by kind:** {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}");
        var codes = result.Runs.SelectMany(r => r.StatusCodes).GroupBy(e => e.Key).Select(g => $"{g.Key}: {g.Sum(e => e.Value)}");
        md.AppendLine($"- **Status codes (all requests):** {string.Join(", ", codes)}").AppendLine();
    }

    private static void RenderComparison(StringBuilder md, ComparisonResult comparison)
    {
        md.AppendLine("## Comparison with Baseline").AppendLine();
        md.AppendLine($"**Net change:** {comparison.NetChange}").AppendLine();
        md.AppendLine($"Baseline `{comparison.Baseline}`; method: {comparison.Method}; a change counts when it is beyond ±{N(comparison.ThresholdPercent)}% and significant (α = {Comparer.Alpha}).").AppendLine();
        foreach (var warning in comparison.Warnings)
        {
            md.AppendLine($"> ⚠️ {warning}").AppendLine();
        }
        md.AppendLine("| metric | baseline | current | change | verdict | evidence |");
        md.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var m in comparison.Metrics.OrderBy(m => Comparer.Primary.Contains(m.Metric) ? 0 : 1))
        {
            var evidence = m.PValue is { } p ? $"p = {N(p)}" : m.CiLowPercent is { } lo ? $"95% CI {N(lo)}% … {N(m.CiHighPercent ?? 0)}%" : "";
            if (m.Note is not null)
            {
                evidence = evidence.Length > 0 ? $"{evidence}; {m.Note}" : m.Note;
            }
            md.AppendLine($"| {m.Metric} | {N(m.Baseline)} | {N(m.Current)} | {Change(m.ChangePercent)} | {m.Verdict} | {evidence} |");
        }
        md.AppendLine();
        foreach (var (title, verdict) in new[] { ("### Improvements ✓", "improved"), ("### Regressions ✗", "regressed") })
        {
            var entries = comparison.Metrics.Where(m => m.Verdict == verdict).ToList();
            if (entries.Count == 0)
            {
                continue;
            }
            md.AppendLine(title);
            foreach (var m in entries)
            {
                md.AppendLine($"- **{m.Metric}:** {N(m.Baseline)} → {N(m.Current)} ({Change(m.ChangePercent)})");
            }
            md.AppendLine();
        }
    }

    private static string Change(double? pct) =>
        pct is { } p ? p.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%" : "from 0";

    internal static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
