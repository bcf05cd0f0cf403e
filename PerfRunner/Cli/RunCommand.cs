using System.CommandLine;
using PerfRunner.Comparison;
using PerfRunner.Measurement;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Cli;

public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var load = new LoadCommandOptions();
        var rps = Parsing.PositiveNumber("--rps", "Iterations started per second (open model: the rate holds whatever the latency)", 50);
        var duration = Parsing.Duration("--duration", "Length of the measured window", TimeSpan.FromSeconds(30));
        var repeat = Parsing.PositiveInteger("--repeat", "Measured runs; with 2 or more on both sides the comparison tests the runs (Mann–Whitney)", 1);
        var baseline = new Option<string?>("--baseline") { Description = "A previous result to compare with" };
        var comparison = new ComparisonOptions();
        comparison.Output.Description = "Result JSON (default: results/run-<UTC time>.json)";
        comparison.Report.Description += " (default: print the report)";
        var (output, report, threshold, force) = (comparison.Output, comparison.Report, comparison.Threshold, comparison.Force);

        var command = new Command("run", "Apply a fixed arrival rate, measure, scrape the services' metrics, write the result and the report");
        foreach (var option in new Option[] { rps, duration, repeat, baseline })
        {
            command.Options.Add(option);
        }
        comparison.AddTo(command);
        load.AddTo(command);

        command.SetAction(async (parse, ct) =>
        {
            var targets = load.Targets(parse);
            if (load.Problem(parse, targets) is { } problem)
            {
                return Exit.Usage(stderr, problem);
            }
            var plan = load.Plan(parse, targets, parse.GetValue(rps), parse.GetValue(duration), parse.GetValue(repeat));
            var config = plan.ToConfig();

            RunResult? baselineResult = null;
            if (parse.GetValue(baseline) is { } baselinePath)
            {
                try
                {
                    baselineResult = ResultFile.Read(baselinePath);
                }
                catch (ResultFileException e)
                {
                    return Exit.Usage(stderr, e.Message);
                }
                if (baselineResult.Config.ComparableKey != config.ComparableKey && !parse.GetValue(force))
                {
                    return Exit.Usage(stderr, $"the baseline was measured with {baselineResult.Config.ComparableKey}; this run is {config.ComparableKey}. " +
                                              "Use the same settings, or --force to compare anyway.");
                }
            }

            var scenario = ScenarioCatalog.Create(plan.Scenario, targets);
            using var runner = new Runner(targets, plan.Load.MaxInFlight, load.Interactive(parse), stderr);
            config = config with { ColdWarmupSeconds = await runner.PrepareAsync(plan, scenario, ct) };
            var runs = new List<RunSummary>();
            for (var i = 1; i <= plan.Repeat; i++)
            {
                runs.Add(await runner.MeasureAsync(i, plan, scenario, ct));
            }
            var result = ResultBuilder.Combine(config, runs);
            if (baselineResult is not null)
            {
                result = result with { Comparison = Comparer.Compare(baselineResult, result, parse.GetValue(threshold), parse.GetValue(baseline)!) };
            }
            var outputPath = parse.GetValue(output) ?? Outputs.DefaultOutput("run");
            await Outputs.WriteAsync(result, outputPath, parse.GetValue(report), ScenarioCatalog.EntryService(plan.Scenario, targets), stdout, ct);
            await stdout.WriteLineAsync(Exit.Summary(result));
            return comparison.ExitCode(parse, result.Comparison?.NetChange);
        });
        return command;
    }
}
