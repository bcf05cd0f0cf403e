using PerfRunner.Cli;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perfrunner-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await PerfRunnerCli.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> WriteAsync(string name, RunResult result)
    {
        var path = Path.Combine(_dir, name);
        await ResultFile.WriteAsync(path, result, CancellationToken.None);
        return path;
    }

    [Theory]
    [InlineData("--rps must be greater than 0", "run", "--rps", "0")]
    [InlineData("--rps must be greater than 0", "run", "--rps", "-5")]
    [InlineData("Unrecognized command or argument '--bogus'", "run", "--bogus")]
    [InlineData("is not a positive duration", "run", "--duration", "soon")]
    [InlineData("is not a percentage", "run", "--threshold", "lots")]
    [InlineData("--repeat must be at least 1", "run", "--repeat", "0")]
    [InlineData("is not an http(s) URL", "run", "--fights-url", "ftp://x")]
    [InlineData("Argument 'nope' not recognized", "run", "--scenario", "nope")]
    [InlineData("the url scenario needs --url", "run", "--scenario", "url")]
    public async Task BadInputGetsOneClearMessageAndExitCodeTwo(string message, params string[] args)
    {
        var (code, _, err) = await RunAsync(args);

        Assert.Equal(Exit.BadInput, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task UnreadableOrForeignBaselinesAreRefused()
    {
        var garbage = Path.Combine(_dir, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{ not json");
        var foreign = Path.Combine(_dir, "k6.json");
        await File.WriteAllTextAsync(foreign, """{"metrics": {"http_req_duration": {"avg": 1}}}""");
        var future = Path.Combine(_dir, "future.json");
        await File.WriteAllTextAsync(future, """{"schemaVersion": "2.0", "tool": {"name": "PerfRunner", "version": "9"}}""");

        foreach (var (file, message) in new[] { (Path.Combine(_dir, "missing.json"), "cannot read"), (garbage, "is not a PerfRunner result"), (foreign, "is not a PerfRunner result"), (future, "has schema 2.0") })
        {
            var (code, _, err) = await RunAsync("run", "--baseline", file);
            Assert.Equal(Exit.BadInput, code);
            Assert.Contains(message, err);
        }
    }

    [Fact]
    public async Task AnUnreachableTargetIsExitCodeThreeWithAHint()
    {
        var (code, _, err) = await RunAsync("run", "--scenario", "url", "--url", "http://127.0.0.1:1/", "--duration", "1s");

        Assert.Equal(Exit.Unreachable, code);
        Assert.Contains("cannot reach http://127.0.0.1:1/", err);
        Assert.Contains("dotnet run --project AppHost", err);
    }

    [Fact]
    public async Task CompareRefusesResultsOfAnotherConfigurationUnlessForced()
    {
        var fight = Config("fight");
        var execute = Config("execute-fight");
        var a = await WriteAsync("a.json", Result(fight, Run(1, fight, Noisy(10, 1))));
        var b = await WriteAsync("b.json", Result(execute, Run(1, execute, Noisy(10, 2))));

        var refused = await RunAsync("compare", a, b);
        var forced = await RunAsync("compare", a, b, "--force");

        Assert.Equal(Exit.BadInput, refused.Code);
        Assert.Contains("scenario=fight", refused.Err);
        Assert.Contains("--force", refused.Err);
        Assert.Equal(Exit.Ok, forced.Code);
        Assert.Contains("configurations differ", forced.Out);
    }

    [Fact]
    public async Task ResultsGivenSeparatedByCommasAreComparedAsTheRunsOfOneSide()
    {
        var config = Config();
        string[] baselines = [.. await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            WriteAsync($"base{i}.json", Result(config, Run(1, config, Noisy(10, i))))))];
        string[] slower = [.. await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            WriteAsync($"slow{i}.json", Result(config, Run(1, config, j => Noisy(10, 10 + i)(j) * 1.5)))))];
        var other = await WriteAsync("other.json", Result(Config("fight"), Run(1, Config("fight"), Noisy(10, 9))));

        var merged = await RunAsync("compare", string.Join(',', baselines), string.Join(',', slower));
        var mixed = await RunAsync("compare", $"{baselines[0]},{other}", slower[0]);

        Assert.Equal(Exit.Ok, merged.Code);
        // Four runs a side: the test over runs, not the single-run estimate.
        Assert.Contains("Net change: regressed", merged.Out);
        Assert.Contains("welch t-test over the starts", merged.Out);
        Assert.Contains("(4 starts against 4)", merged.Out);
        Assert.Equal(Exit.BadInput, mixed.Code);
        Assert.Contains("differ in configuration", mixed.Err);
    }

    [Fact]
    public async Task FailOnRegressionMakesARegressionExitCodeOne()
    {
        var config = Config();
        var baseline = await WriteAsync("baseline.json", Result(config, Run(1, config, Noisy(10, 1))));
        var slower = await WriteAsync("slower.json", Result(config, Run(1, config, i => Noisy(10, 2)(i) * 1.2)));
        var same = await WriteAsync("same.json", Result(config, Run(1, config, Noisy(10, 1))));

        var gate = await RunAsync("compare", baseline, slower, "--fail-on-regression", "--report", Path.Combine(_dir, "slower.md"));
        var noGate = await RunAsync("compare", baseline, slower);
        var passes = await RunAsync("compare", baseline, same, "--fail-on-regression");

        Assert.Equal(Exit.Regression, gate.Code);
        Assert.Contains("Net change: regressed", gate.Out);
        Assert.Contains("**Net change:** regressed", await File.ReadAllTextAsync(Path.Combine(_dir, "slower.md")));
        Assert.Equal(Exit.Ok, noGate.Code);
        Assert.Equal(Exit.Ok, passes.Code);
        Assert.Contains("Net change: unchanged", passes.Out);
    }

    [Fact]
    public async Task RunWritesTheResultTheReportAndTheChartAndComparesWithItsBaseline()
    {
        await using var server = await TestServer.StartAsync();
        var url = new Uri(server.BaseUri, "ok").ToString();
        // The services' scrapes go to a closed port, whatever else runs on this machine.
        string[] common = ["run", "--scenario", "url", "--url", url, "--rps", "200", "--duration", "2s", "--warmup", "1s", "--no-progress",
            "--fights-url", "http://127.0.0.1:1/", "--heroes-url", "http://127.0.0.1:1/", "--villains-url", "http://127.0.0.1:1/", "--locations-url", "http://127.0.0.1:1/"];
        var baseline = Path.Combine(_dir, "baseline.json");

        var first = await RunAsync([.. common, "--output", baseline, "--report", Path.Combine(_dir, "baseline.md")]);
        var second = await RunAsync([.. common, "--output", Path.Combine(_dir, "next.json"), "--report", Path.Combine(_dir, "next.md"), "--baseline", baseline]);
        var otherRate = await RunAsync(["run", "--scenario", "url", "--url", url, "--rps", "100", "--duration", "2s", "--baseline", baseline]);

        Assert.Equal(Exit.Ok, first.Code);
        Assert.Equal(Exit.Ok, second.Code);
        var result = ResultFile.Read(Path.Combine(_dir, "next.json"));
        Assert.Equal(400, result.Runs[0].Load.Intended);
        Assert.NotNull(result.Comparison);
        Assert.Contains("## Comparison with Baseline", await File.ReadAllTextAsync(Path.Combine(_dir, "next.md")));
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(Path.Combine(_dir, "next.svg")));
        // The services' /metrics are not there: the run still succeeds and says so.
        Assert.Equal(4, result.Runs[0].Services.Count);
        Assert.All(result.Runs[0].Services, s => Assert.False(s.Valid));
        Assert.Equal(Exit.BadInput, otherRate.Code);
        Assert.Contains("rate=200/s", otherRate.Err);
    }

    [Theory]
    [InlineData(12, true)]
    [InlineData(5000, false)]
    public async Task ASystemFreshFromItsStartIsLoadedUnmeasuredBeforeTheFirstRunAndTheReportSaysSo(long served, bool cold)
    {
        await using var server = await TestServer.StartAsync();
        server.Served = served;
        var service = server.BaseUri.ToString();
        var (output, report) = (Path.Combine(_dir, "run.json"), Path.Combine(_dir, "run.md"));

        var run = await RunAsync("run", "--scenario", "url", "--url", new Uri(server.BaseUri, "ok").ToString(), "--rps", "100",
            "--duration", "1s", "--warmup", "0s", "--cold-warmup", "1s", "--no-progress", "--fights-url", service, "--heroes-url", service,
            "--villains-url", service, "--locations-url", service, "--output", output, "--report", report);

        Assert.Equal(Exit.Ok, run.Code);
        // The probe, the unmeasured second when cold, the measured second.
        Assert.Equal(1 + (cold ? 100 : 0) + 100, server.TraceParents.Count);
        Assert.Equal(cold ? 1 : 0, ResultFile.Read(output).Config.ColdWarmupSeconds);
        Assert.Equal(cold, run.Err.Contains($"has served {served} requests since it started", StringComparison.Ordinal));
        Assert.Equal(cold, (await File.ReadAllTextAsync(report)).Contains("the system was cold", StringComparison.Ordinal));
    }
}
