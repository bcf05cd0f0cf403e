using System.Text;
using PerfRunner.Results;
using static PerfRunner.Report.MarkdownReport;

namespace PerfRunner.Report;

/// <summary>Per service, from its /metrics deltas: server time per route, each downstream call, each query, CPU.</summary>
public static class WhereTimeGoes
{
    public static void Render(StringBuilder md, RunSummary run, string? entryService, bool repeated)
    {
        md.AppendLine("## Where time goes").AppendLine();
        md.AppendLine("From each service's /metrics scraped just before the measured window opened (0.5 s) and after the last response " +
                      $"(deltas; percentiles interpolated within histogram buckets, means exact; run {run.Index}{(repeated ? ", the run with the median p99" : "")}; ms).").AppendLine();
        var unavailable = run.Services.Where(s => !s.Valid).ToList();
        foreach (var s in unavailable)
        {
            md.AppendLine($"- ⚠️ {s.Service}: no figures ({s.Problem})");
        }
        if (unavailable.Count > 0)
        {
            md.AppendLine();
        }
        var valid = run.Services.Where(s => s.Valid).OrderBy(s => s.Service == entryService ? 0 : 1).ToList();

        md.AppendLine("| service | route | requests | 5xx | mean | p50 | p95 | p99 |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in valid)
        {
            foreach (var r in s.Routes)
            {
                md.AppendLine($"| {s.Service} | {r.Method} {r.Route} | {r.Requests} | {r.Errors5xx} | {N(r.Latency.MeanMs)} | {N(r.Latency.P50Ms)} | {N(r.Latency.P95Ms)} | {N(r.Latency.P99Ms)} |");
            }
        }
        var downstream = valid.SelectMany(s => s.Downstream.Select(d => (s.Service, Call: d))).ToList();
        if (downstream.Count > 0)
        {
            md.AppendLine().AppendLine("| caller | downstream | calls | failed | mean | p50 | p95 | p99 |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (caller, d) in downstream.OrderByDescending(x => x.Call.Latency.MeanMs))
            {
                md.AppendLine($"| {caller} | {d.Service} | {d.Calls} | {d.Failures} | {N(d.Latency.MeanMs)} | {N(d.Latency.P50Ms)} | {N(d.Latency.P95Ms)} | {N(d.Latency.P99Ms)} |");
            }
        }
        var queries = valid.SelectMany(s => s.Queries.Select(q => (s.Service, Query: q))).ToList();
        if (queries.Count > 0)
        {
            md.AppendLine().AppendLine("| service | database query | count | mean | p50 | p95 | p99 | total |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (service, q) in queries.OrderByDescending(x => x.Query.TotalMs))
            {
                md.AppendLine($"| {service} | {q.Query} | {q.Latency.Count} | {N(q.Latency.MeanMs)} | {N(q.Latency.P50Ms)} | {N(q.Latency.P95Ms)} | {N(q.Latency.P99Ms)} | {N(q.TotalMs)} |");
            }
        }
        md.AppendLine().AppendLine("| service | CPU (cores) | GC pause (ms) | exceptions | fallbacks |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var s in valid)
        {
            md.AppendLine($"| {s.Service} | {N(s.CpuCores)} | {N(s.GcPauseMs)} | {s.Exceptions} | {string.Join(", ", s.Fallbacks.Select(f => $"{f.Key}: {f.Value}"))} |");
        }
        if (ResultBuilder.MachineCores(run) is var (machine, outside))
        {
            md.AppendLine($"| the whole machine (every process and the kernel) | {N(machine)} | | | |").AppendLine();
            md.AppendLine($"The services used {N(machine - outside)} of the machine's {N(machine)} cores; the other {N(outside)} " +
                          "went to PostgreSQL, the dashboard, the orchestrator, PerfRunner and the kernel.");
        }
        var bottleneck = valid.FirstOrDefault(s => s.Service == entryService)?.Downstream.OrderByDescending(d => d.Latency.MeanMs).FirstOrDefault();
        var heaviest = queries.OrderByDescending(x => x.Query.TotalMs).FirstOrDefault();
        md.AppendLine();
        if (bottleneck is not null)
        {
            md.AppendLine($"**Slowest downstream call of {entryService}:** {bottleneck.Service} (mean {N(bottleneck.Latency.MeanMs)} ms, p99 {N(bottleneck.Latency.P99Ms)} ms).  ");
        }
        if (heaviest.Query is not null)
        {
            md.AppendLine($"**Most database time:** {heaviest.Service} `{heaviest.Query.Query}` ({N(heaviest.Query.TotalMs)} ms over {heaviest.Query.Latency.Count} queries).");
        }
        md.AppendLine();
        RenderTail(md, run);
    }

    private static void RenderTail(StringBuilder md, RunSummary run)
    {
        if (TailAttribution.Of(run) is not { } tail)
            return;
        md.AppendLine("### The slowest 1 %").AppendLine();
        md.AppendLine($"The {tail.Iterations} slowest iterations (mean {N(tail.SlowestLatencyMs)} ms) against all iterations " +
                      $"(mean {N(tail.AllLatencyMs)} ms), by where the time went: PerfRunner's clock for sending and each request, the " +
                      "`Server-Timing` header of every answer for the service's own time and its phases (ms).").AppendLine();
        md.AppendLine("| phase | slowest, mean | all, mean | excess |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var p in tail.Phases)
            md.AppendLine($"| {p.Phase} | {N(p.SlowestMs)} | {N(p.AllMs)} | {N(p.ExcessMs)} |");
        foreach (var p in tail.Details)
            md.AppendLine($"| ↳ {p.Phase} | {N(p.SlowestMs)} | {N(p.AllMs)} | {N(p.ExcessMs)} |");
        md.AppendLine();
        if (tail.Dominant is { } dominant)
        {
            var excess = tail.SlowestLatencyMs - tail.AllLatencyMs;
            md.AppendLine($"**What makes the tail:** {dominant.Phase}: {N(dominant.ExcessMs)} of the {N(excess)} ms by which the slowest " +
                          "iterations exceed the mean one.").AppendLine();
        }
    }
}
