using PerfRunner.Report;
using PerfRunner.Results;

namespace PerfRunner.Cli;

/// <summary>Writes a result's JSON, its markdown report and the SVG chart beside the report.</summary>
public static class Outputs
{
    public static async Task WriteAsync(RunResult result, string output, string? report, string? entryService, TextWriter stdout, CancellationToken ct)
    {
        await ResultFile.WriteAsync(output, result, ct);
        await stdout.WriteLineAsync($"Results saved to {output}");
        var chartPath = Path.ChangeExtension(report ?? output, ".svg");
        await File.WriteAllTextAsync(chartPath, SvgChart.Render(result), ct);
        var chartLink = report is null ? chartPath : Path.GetFileName(chartPath);
        var markdown = MarkdownReport.Render(result, chartLink, entryService);
        if (report is null)
        {
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync(markdown);
            return;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(report)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(report, markdown, ct);
        await stdout.WriteLineAsync($"Report saved to {report} (chart {chartPath})");
    }

    public static string DefaultOutput(string kind) =>
        Path.Combine(Environment.GetEnvironmentVariable("PERFRUNNER_RESULTS") ?? "results", $"{kind}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
}
