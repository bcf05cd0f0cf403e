using System.CommandLine;
using System.Globalization;
using PerfRunner.Comparison;
using PerfRunner.Report;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Cli;

public static class CompareCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var baseline = new Argument<string>("baseline")
        {
            Description = "The baseline result (JSON written by run or sweep), or several separated by commas (each of a separate start of the system: runs merged, sweeps' knees averaged)",
        };
        var current = new Argument<string>("current") { Description = "The result to judge against the baseline, or several separated by commas" };
        var options = new ComparisonOptions();
        options.Report.Description = "Write the current result's report with the comparison (chart beside it as .svg)";
        options.Output.Description = "Write the current result with the comparison added as JSON";
        var (report, output, threshold, force) = (options.Report, options.Output, options.Threshold, options.Force);

        var command = new Command("compare", "Compare two existing results: per metric baseline, current, change, verdict and its evidence");
        command.Arguments.Add(baseline);
        command.Arguments.Add(current);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (ResultFile.IsSweepFile(First(parse.GetValue(baseline)!)) || ResultFile.IsSweepFile(First(parse.GetValue(current)!)))
            {
                return await CompareSweepsAsync(parse, parse.GetValue(baseline)!, parse.GetValue(current)!, options, stdout, stderr, ct);
            }
            RunResult a, b;
            try
            {
                a = ResultFile.ReadMerged(parse.GetValue(baseline)!);
                b = ResultFile.ReadMerged(parse.GetValue(current)!);
            }
            catch (ResultFileException e)
            {
                return Exit.Usage(stderr, e.Message);
            }
            if (a.Config.ComparableKey != b.Config.ComparableKey && !parse.GetValue(force))
            {
                return Exit.Usage(stderr, $"the results differ in configuration: {a.Config.ComparableKey} vs {b.Config.ComparableKey}. Use --force to compare anyway.");
            }
            var comparison = Comparer.Compare(a, b, parse.GetValue(threshold), parse.GetValue(baseline)!,
                ResultFile.Paths(parse.GetValue(baseline)!).Length, ResultFile.Paths(parse.GetValue(current)!).Length);
            var result = b with { Comparison = comparison };
            await stdout.WriteLineAsync($"Net change: {comparison.NetChange} ({comparison.Improvements} improved, {comparison.Regressions} regressed; {comparison.Method})");
            foreach (var warning in comparison.Warnings)
            {
                await stdout.WriteLineAsync($"warning: {warning}");
            }
            foreach (var m in comparison.Metrics.Where(m => Comparer.Primary.Contains(m.Metric)))
            {
                await stdout.WriteLineAsync($"  {m.Metric,-18} {m.Baseline,12:0.###} → {m.Current,12:0.###}  {(m.ChangePercent is { } p ? $"{p:+0.00;-0.00;0.00}%" : "from 0"),9}  {m.Verdict}");
            }
            var targets = new Targets(Url("fights"), Url("heroes"), Url("villains"), Url("locations"), b.Config.Url is null ? null : new Uri(b.Config.Url));
            if (parse.GetValue(output) is { } outputPath)
            {
                await ResultFile.WriteAsync(outputPath, result, ct);
                await stdout.WriteLineAsync($"Results saved to {outputPath}");
            }
            if (parse.GetValue(report) is { } reportPath)
            {
                await Outputs.WriteAsync(result, Path.ChangeExtension(reportPath, ".json"), reportPath, ScenarioCatalog.EntryService(b.Config.Scenario, targets), stdout, ct);
            }
            return options.ExitCode(parse, comparison.NetChange);

            Uri Url(string service) => b.Config.Targets.TryGetValue(service, out var u) ? new Uri(u) : Targets.Default(service, _ => null);
        });
        return command;
    }

    private static string First(string paths) => paths.Split(',', StringSplitOptions.TrimEntries)[0];

    // Two sweeps, or several a side: their knees (KneeComparer), the verdict on stdout, the first current sweep with the
    // comparison as JSON and report.
    private static async Task<int> CompareSweepsAsync(ParseResult parse, string baselinePaths, string currentPaths, ComparisonOptions options,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        IReadOnlyList<SweepResult> a, b;
        try
        {
            (a, b) = (ResultFile.ReadSweeps(baselinePaths), ResultFile.ReadSweeps(currentPaths));
        }
        catch (ResultFileException e)
        {
            return Exit.Usage(stderr, e.Message);
        }
        if (a.Concat(b).Skip(1).Select(s => KneeComparer.Mismatch(a[0], s)).FirstOrDefault(m => m is not null) is { } mismatch && !parse.GetValue(options.Force))
        {
            return Exit.Usage(stderr, $"{mismatch}. Use --force to compare anyway.");
        }
        var comparison = KneeComparer.Compare(a, b, parse.GetValue(options.Threshold), baselinePaths);
        var result = b[0] with { Comparison = comparison };
        await stdout.WriteLineAsync($"Net change: {comparison.Verdict} ({comparison.Reason})");
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {"knee_per_s",-18} {Knee(comparison.BaselineKnee, comparison.BaselineBroke),12} → {Knee(comparison.CurrentKnee, comparison.CurrentBroke),12}  {(comparison.ChangePercent is { } p ? $"{p:+0.00;-0.00;0.00}%" : "-"),9}  {comparison.Verdict}"));
        if (a.Count > 1 || b.Count > 1)
        {
            await stdout.WriteLineAsync($"  knees: {Knees(a)} → {Knees(b)} (geometric means of {a.Count} and {b.Count} sweeps above)");
        }
        if (parse.GetValue(options.Output) is { } outputPath)
        {
            await ResultFile.WriteAsync(outputPath, result, ct);
            await stdout.WriteLineAsync($"Results saved to {outputPath}");
        }
        if (parse.GetValue(options.Report) is { } reportPath)
        {
            await File.WriteAllTextAsync(reportPath, SweepReport.Render(result), ct);
            await stdout.WriteLineAsync($"Report saved to {reportPath}");
        }
        return options.ExitCode(parse, comparison.Verdict);

        static string Knee(double? knee, bool broke) => knee is { } k ? string.Create(CultureInfo.InvariantCulture, $"{(broke ? "" : "≥ ")}{k:0.#}") : "none";
        static string Knees(IReadOnlyList<SweepResult> sweeps) =>
            string.Join(", ", sweeps.Select(s => s.Knee is { } k ? k.ToString("0.#", CultureInfo.InvariantCulture) : "none"));
    }
}
