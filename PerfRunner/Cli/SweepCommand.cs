using System.CommandLine;
using System.Globalization;
using System.Text;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Cli;

public sealed record SweepStep(double Rate, int Attempt, bool Pass, IReadOnlyList<string> Failures, double AchievedRate, double Throughput,
    double P50Ms, double P99Ms, double ErrorRate, bool Valid, SortedDictionary<string, Metric> Metrics);

public sealed record SweepResult(string SchemaVersion, ToolInfo Tool, EnvironmentInfo Environment, RunConfig Config,
    double From, double To, double SloP99Ms, double SloErrorRate, IReadOnlyList<SweepStep> Steps, double? Knee, string Conclusion);

/// <summary>
/// Raises the rate geometrically until a step breaks the SLO (p99, error rate, or an invalid run: the generator or the
/// in-flight limit could not hold the rate), then bisects between the last good and the first bad rate. The knee is the
/// highest rate that held. A step that breaks is measured again (<c>--remeasure</c>, default once) and the rate holds if
/// a re-measurement holds: on a shared machine an isolated stall of half a second breaks a 10 s step's p99 by itself,
/// at rates far below the knee, while a rate the system cannot hold breaks every time. Every attempt is reported.
/// </summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var settings = new LoadSettings();
        var from = Parsing.PositiveNumber("--from", "First rate (iterations/s)", 50);
        var to = Parsing.PositiveNumber("--to", "Highest rate to try", 5000);
        var factor = Parsing.PositiveNumber("--factor", "Each step multiplies the rate by this until the SLO breaks", 1.5);
        var refine = new Option<int>("--refine") { Description = "Bisection steps between the last good and the first bad rate", DefaultValueFactory = _ => 3 };
        var remeasure = new Option<int>("--remeasure")
        {
            Description = "Times a step that breaks is measured again; the rate holds if a re-measurement holds (0: one break decides)",
            DefaultValueFactory = _ => 1,
        };
        var stepDuration = Parsing.Duration("--step-duration", "Measured window of each step", TimeSpan.FromSeconds(10));
        var sloP99 = Parsing.Duration("--slo-p99", "A step passes when its corrected p99 is at most this", TimeSpan.FromMilliseconds(100));
        var sloErrors = Parsing.Percent("--slo-error-rate", "... and its error rate is at most this", 1);
        var output = new Option<string?>("--output") { Description = "Sweep JSON (default: results/sweep-<UTC time>.json)" };
        var report = new Option<string?>("--report") { Description = "Markdown table of the steps and the knee" };
        var command = new Command("sweep", "Find the highest rate the system holds within an SLO (p99 and error rate) and report the knee");
        foreach (var option in new Option[] { from, to, factor, refine, remeasure, stepDuration, sloP99, sloErrors, output, report })
        {
            command.Options.Add(option);
        }
        settings.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (low, high) = (parse.GetValue(from), parse.GetValue(to));
            if (low > high || parse.GetValue(factor) <= 1)
            {
                return Exit.Usage(stderr, "--from must not exceed --to, and --factor must be above 1");
            }
            if (parse.GetValue(remeasure) is < 0 or > 5)
            {
                return Exit.Usage(stderr, "--remeasure must be between 0 and 5");
            }
            var targets = settings.Targets(parse);
            if (settings.Problem(parse, targets) is { } problem)
            {
                return Exit.Usage(stderr, problem);
            }
            RunConfig Config(double rate) => settings.Config(parse, targets, Math.Round(rate, 1), parse.GetValue(stepDuration), repeat: 1);
            var scenario = ScenarioCatalog.Create(parse.GetValue(settings.Scenario)!, targets);
            var (p99Limit, errorLimit) = (parse.GetValue(sloP99).TotalMilliseconds, parse.GetValue(sloErrors) / 100);
            using var runner = new Runner(targets, parse.GetValue(settings.MaxInFlight), settings.Interactive(parse), stderr);
            await runner.ProbeAsync(scenario, ct);

            var steps = new List<SweepStep>();
            async Task<SweepStep> Step(double rate, int attempt)
            {
                var summary = await runner.MeasureAsync(steps.Count + 1, Config(rate), scenario, ct);
                var failures = new List<string>(summary.Validity.Reasons);
                if (summary.Latency.P99 > p99Limit)
                {
                    failures.Add($"p99 {summary.Latency.P99:0.##} ms > {p99Limit:0.##} ms");
                }
                if (summary.ErrorRate.Value > errorLimit)
                {
                    failures.Add($"error rate {summary.ErrorRate.Value:P2} > {errorLimit:P2}");
                }
                var step = new SweepStep(Math.Round(rate, 1), attempt, failures.Count == 0, failures, summary.Load.AchievedRate.Value, summary.Load.Throughput.Value,
                    summary.Latency.P50, summary.Latency.P99, summary.ErrorRate.Value, summary.Validity.Valid, summary.Metrics);
                steps.Add(step);
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"step {steps.Count}: {rate:0.#}/s{(attempt > 1 ? $" (attempt {attempt})" : "")} → p50 {step.P50Ms} ms, p99 {step.P99Ms} ms, errors {step.ErrorRate:P2}: {(step.Pass ? "holds" : "breaks: " + string.Join("; ", failures))}"));
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return step;
            }

            async Task<bool> Holds(double rate)
            {
                for (var attempt = 1; attempt <= 1 + parse.GetValue(remeasure); attempt++)
                {
                    if ((await Step(rate, attempt)).Pass)
                    {
                        return true;
                    }
                }
                return false;
            }

            double? good = null, bad = null;
            for (var rate = low; rate <= high * 1.0001; rate = Math.Min(rate * parse.GetValue(factor), rate < high ? high : double.MaxValue))
            {
                if (await Holds(rate))
                {
                    good = rate;
                    if (rate >= high)
                    {
                        break;
                    }
                }
                else
                {
                    bad = rate;
                    break;
                }
            }
            for (var i = 0; i < parse.GetValue(refine) && good is { } g && bad is { } b && b - g > Math.Max(1, g * 0.02); i++)
            {
                var middle = (g + b) / 2;
                if (await Holds(middle))
                {
                    good = middle;
                }
                else
                {
                    bad = middle;
                }
            }
            var conclusion = good is null ? $"not even {low:0.#}/s held within the SLO"
                : bad is null ? $"every rate up to {good:0.#}/s held; raise --to to find the knee"
                : $"the knee is between {good:0.#}/s (holds) and {bad:0.#}/s (breaks)";
            var result = new SweepResult(RunResult.CurrentSchema, new ToolInfo("PerfRunner", "sweep"), ResultBuilder.Environment(), Config(low), low, high,
                p99Limit, errorLimit, steps, good is null ? null : Math.Round(good.Value, 1), conclusion);
            var outputPath = parse.GetValue(output) ?? Outputs.DefaultOutput("sweep");
            await ResultFile.WriteAsync(outputPath, result, ct);
            await stdout.WriteLineAsync($"Results saved to {outputPath}");
            var markdown = Render(result);
            if (parse.GetValue(report) is { } reportPath)
            {
                await File.WriteAllTextAsync(reportPath, markdown, ct);
                await stdout.WriteLineAsync($"Report saved to {reportPath}");
            }
            else
            {
                await stdout.WriteLineAsync(markdown);
            }
            await stdout.WriteLineAsync($"Sweep: {conclusion}");
            return Exit.Ok;
        });
        return command;
    }

    public static string Render(SweepResult result)
    {
        var md = new StringBuilder();
        md.AppendLine("# Sweep").AppendLine();
        md.AppendLine($"`{result.Config.Scenario}` from {result.From:0.#}/s to {result.To:0.#}/s, {result.Config.DurationSeconds:0.#} s per step after a {result.Config.WarmupSeconds:0.#} s warm-up; " +
                      $"SLO: p99 ≤ {result.SloP99Ms:0.##} ms, error rate ≤ {result.SloErrorRate:P2}, and a valid run. {result.Environment.Cores} cores, commit {result.Environment.GitCommit ?? "unknown"}.").AppendLine();
        md.AppendLine($"**Knee:** {result.Conclusion}.").AppendLine();
        md.AppendLine("| step | rate | attempt | achieved | ok/s | p50 ms | p99 ms | errors | verdict |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var i = 1;
        foreach (var s in result.Steps)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i++} | {s.Rate:0.#} | {s.Attempt} | {s.AchievedRate:0.#} | {s.Throughput:0.#} | {s.P50Ms:0.###} | {s.P99Ms:0.###} | {s.ErrorRate:P2} | {(s.Pass ? "holds" : "breaks: " + string.Join("; ", s.Failures))} |"));
        }
        return md.ToString();
    }
}
