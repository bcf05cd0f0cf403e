using System.CommandLine;
using System.Globalization;
using PerfRunner.Measurement;
using PerfRunner.Report;
using PerfRunner.Results;
using PerfRunner.Scenarios;
using PerfRunner.Sweep;

namespace PerfRunner.Cli;

/// <summary>The <c>sweep</c> command: its options, the knee search (<see cref="KneeSearch"/>) on a runner, and the outputs.</summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var load = new LoadCommandOptions();
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
        load.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var settings = new SweepSettings(parse.GetValue(from), parse.GetValue(to), parse.GetValue(factor), parse.GetValue(refine),
                parse.GetValue(remeasure), new Slo(parse.GetValue(sloP99).TotalMilliseconds, parse.GetValue(sloErrors) / 100));
            if (settings.Problem is { } invalid)
            {
                return Exit.Usage(stderr, invalid);
            }
            var targets = load.Targets(parse);
            if (load.Problem(parse, targets) is { } problem)
            {
                return Exit.Usage(stderr, problem);
            }
            var plan = load.Plan(parse, targets, Math.Round(settings.From, 1), parse.GetValue(stepDuration), repeat: 1);
            var scenario = ScenarioCatalog.Create(plan.Scenario, targets);
            using var runner = new Runner(targets, plan.Load.MaxInFlight, load.Interactive(parse), stderr);
            var coldWarmup = await runner.PrepareAsync(plan, scenario, ct);

            var search = new KneeSearch(settings, (rate, step, token) => runner.MeasureAsync(step, plan.AtRate(rate), scenario, token))
            {
                StepDone = async (step, number) =>
                {
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"step {number}: {step.Rate:0.#}/s{(step.Attempt > 1 ? $" (attempt {step.Attempt})" : "")} → p50 {step.P50Ms} ms, p99 {step.P99Ms} ms, errors {step.ErrorRate:P2}: {SweepReport.Verdict(step)}"));
                    // A moment between steps, so one step's tail of requests does not fall into the next one's window.
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                },
            };
            var outcome = await search.RunAsync(ct);
            var result = new SweepResult(RunResult.CurrentSchema, new ToolInfo("PerfRunner", "sweep"), ResultBuilder.Environment(), plan.ToConfig() with { ColdWarmupSeconds = coldWarmup },
                settings.From, settings.To, settings.Slo.P99Ms, settings.Slo.ErrorRate, outcome.Steps, outcome.Knee, outcome.Conclusion);

            var outputPath = parse.GetValue(output) ?? Outputs.DefaultOutput("sweep");
            await ResultFile.WriteAsync(outputPath, result, ct);
            await stdout.WriteLineAsync($"Results saved to {outputPath}");
            var markdown = SweepReport.Render(result);
            if (parse.GetValue(report) is { } reportPath)
            {
                await File.WriteAllTextAsync(reportPath, markdown, ct);
                await stdout.WriteLineAsync($"Report saved to {reportPath}");
            }
            else
            {
                await stdout.WriteLineAsync(markdown);
            }
            await stdout.WriteLineAsync($"Sweep: {outcome.Conclusion}");
            return Exit.Ok;
        });
        return command;
    }
}
