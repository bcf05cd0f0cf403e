using System.CommandLine;
using PerfRunner.Measurement;

namespace PerfRunner.Cli;

/// <summary>The command line. Every failure a user can cause ends as one line on stderr and an exit code, never a stack trace.</summary>
public static class PerfRunnerCli
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PerfRunner: open-model load tests of the SuperHeroes services, with service metrics, reports and baseline comparisons")
        {
            RunCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            SweepCommand.Create(stdout, stderr),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"perfrunner: {error.Message}");
            }
            await stderr.WriteLineAsync("See 'PerfRunner --help' (or 'PerfRunner run --help').");
            return Exit.BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (UnreachableTargetException e)
        {
            await stderr.WriteLineAsync($"perfrunner: {e.Message}");
            return Exit.Unreachable;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("perfrunner: cancelled");
            return Exit.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"perfrunner: {e.Message}");
            return Exit.BadInput;
        }
    }
}
