using PerfRunner.Cli;

return await PerfRunnerCli.InvokeAsync(args, Console.Out, Console.Error);
