using System.Text;
using PerfRunner.Load;
using PerfRunner.Results;

namespace PerfRunner.Report;

/// <summary>
/// The slowest iterations of the run the report details, each with a link to its trace in the dashboard: from
/// "p99 19 ms" to the span that took it in one click.
/// </summary>
public static class SlowestIterations
{
    public static void Render(StringBuilder md, RunResult result)
    {
        var run = result.Representative;
        if (run.Slowest is not { Count: > 0 } slowest)
            return;
        var dashboard = result.Config.DashboardUrl is { } url ? new Uri(url) : null;
        md.AppendLine("## Slowest iterations").AppendLine();
        md.AppendLine($"The {slowest.Count} slowest iterations of {(result.Runs.Count > 1 ? $"run {run.Index}" : "the run")}, " +
                      "slowest first; *due* is when the iteration was due, in seconds into the measured window. " +
                      $"{(result.Config.TracedShare < 1 ? $"{MarkdownReport.N(result.Config.TracedShare * 100)} % of iterations were traced. " : "")}" +
                      "Each service exports to the dashboard its part of a trace when that part was among its slowest or " +
                      "failed, and a few others a second (the AppHost's `Telemetry:TraceExport=All` exports every one): a slow " +
                      "fight's trace holds the fights service's spans with its calls to the catalogs, and a catalog's own spans " +
                      "where they were slow there too.").AppendLine();
        md.AppendLine("| # | latency ms | due s | outcome | trace |");
        md.AppendLine("|---:|---:|---:|---|---|");
        var rank = 1;
        foreach (var s in slowest)
        {
            md.AppendLine($"| {rank++} | {MarkdownReport.N(s.LatencyMs)} | {MarkdownReport.N(s.StartSeconds)} | {(s.Ok ? "ok" : s.Error ?? "failed")} | {Trace(s, dashboard)} |");
        }
        md.AppendLine();
    }

    private static string Trace(SlowIteration s, Uri? dashboard) => s switch
    {
        { TraceId: null } => "—",
        { Traced: false } => $"`{s.TraceId}` (not traced)",
        _ when dashboard is not null => $"[{s.TraceId}]({new Uri(dashboard, $"traces/detail/{s.TraceId}")})",
        _ => $"`{s.TraceId}`",
    };
}
