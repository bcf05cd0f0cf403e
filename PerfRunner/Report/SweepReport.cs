using System.Globalization;
using System.Text;
using PerfRunner.Results;

namespace PerfRunner.Report;

/// <summary>A sweep as markdown: the settings and SLO, the knee, and one row per measured step.</summary>
public static class SweepReport
{
    public static string Render(SweepResult result)
    {
        var md = new StringBuilder();
        md.AppendLine("# Sweep").AppendLine();
        md.AppendLine($"`{result.Config.Scenario}` from {result.From:0.#}/s to {result.To:0.#}/s, {result.Config.DurationSeconds:0.#} s per step after a {result.Config.WarmupSeconds:0.#} s warm-up; " +
                      $"SLO: p99 ≤ {result.SloP99Ms:0.##} ms, error rate ≤ {result.SloErrorRate:P2}, and a valid run. {result.Environment.Cores} cores, commit {result.Environment.GitCommit ?? "unknown"}.").AppendLine();
        md.AppendLine($"**Knee:** {result.Conclusion}.").AppendLine();
        if (result.Comparison is { } c)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"**Against the baseline** (`{c.Baseline}`, {Mean(c.BaselineSweeps)}knee {(c.BaselineKnee is { } k ? $"{k:0.#}/s" : "none")}): **{c.Verdict}**, {c.Reason}.")).AppendLine();
            if (c.CurrentSweeps > 1)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"This sweep is the first of {c.CurrentSweeps} judged together: their mean knee {(c.CurrentKnee is { } ck ? $"{ck:0.#}/s" : "none")}.")).AppendLine();
            }
        }
        md.AppendLine("| step | rate | attempt | achieved | ok/s | p50 ms | p99 ms | errors | verdict |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var i = 1;
        foreach (var s in result.Steps)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i++} | {s.Rate:0.#} | {s.Attempt} | {s.AchievedRate:0.#} | {s.Throughput:0.#} | {s.P50Ms:0.###} | {s.P99Ms:0.###} | {s.ErrorRate:P2} | {Verdict(s)} |"));
        }
        return md.ToString();
    }

    private static string Mean(int sweeps) => sweeps > 1 ? $"geometric mean of {sweeps} sweeps' " : "";

    public static string Verdict(SweepStep step) => step.Pass ? "holds" : "breaks: " + string.Join("; ", step.Failures);
}
