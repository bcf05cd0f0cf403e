using System.CommandLine;

namespace PerfRunner.Cli;

/// <summary>The options of every command that compares with a baseline (run --baseline, compare).</summary>
public sealed class ComparisonOptions
{
    public const double DefaultThreshold = 5;

    // What two fresh starts of one system differ by is allowed for per metric (StartSpread), and for one start a side
    // that allowance is wider than any threshold: verdicts were the same at 5, 10 and 15 %. Only with several starts a
    // side, where the allowance shrinks, does the threshold decide, and there 15 % hid real changes (docs/verdicts.md).
    public readonly Option<double> Threshold = Parsing.Percent("--threshold", "Smallest change that counts as improved or regressed", DefaultThreshold);
    public readonly Option<bool> FailOnRegression = new("--fail-on-regression") { Description = "Exit with code 1 when the comparison finds a regression" };
    public readonly Option<bool> Force = new("--force") { Description = "Compare results of different scenarios or configurations" };
    public readonly Option<string?> Report = new("--report") { Description = "Markdown report; the latency chart is written beside it as .svg" };
    public readonly Option<string?> Output = new("--output") { Description = "Result JSON" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Threshold, FailOnRegression, Force, Report, Output })
        {
            command.Options.Add(option);
        }
    }

    public int ExitCode(ParseResult parse, string? netChange) =>
        netChange == "regressed" && parse.GetValue(FailOnRegression) ? Exit.Regression : Exit.Ok;
}
