using System.Diagnostics;
using SuperHeroes.Tests;

namespace AppHost.Tests;

public sealed class RefusalTests
{
    // No connection string, no container runtime and no PostgreSQL binaries: the AppHost must say so and stop,
    // not wait forever for a database that cannot come.
    [Fact]
    public async Task AppHostRefusesToStartWhenNoPostgreSqlCanBeHad()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("superheroes-nothing-").FullName;

        var (code, stdout, stderr) = await RunAppHostAsync(emptyDirectory, environment =>
        {
            // Nothing on PATH: no docker, no pg_config, no postgres.
            environment["PATH"] = emptyDirectory;
            environment["LocalPostgres__InstallRoot"] = emptyDirectory;
            environment.Remove("ConnectionStrings__postgres");
        });

        Assert.Equal(2, code);
        Assert.Contains("No PostgreSQL can be had", stderr);
        Assert.Contains("ConnectionStrings__postgres", stderr);
        Assert.Contains("container runtime", stderr);
        Assert.Contains("apt-get install postgresql", stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    // A trace setting out of range stops the AppHost before anything starts, with the setting named and no stack trace.
    [Theory]
    [InlineData("Telemetry__TraceExport", "Sometimes", "Telemetry:TraceExport is 'Sometimes'; give Tail or All.")]
    [InlineData("Telemetry__TraceSampleRatio", "2", "Telemetry:TraceSampleRatio is '2'; give a number from 0 to 1.")]
    public async Task AppHostRefusesATraceSettingOutOfRange(string variable, string value, string expected)
    {
        var (code, stdout, stderr) = await RunAppHostAsync(AppContext.BaseDirectory, environment => environment[variable] = value);

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAppHostAsync(
        string workingDirectory, Action<IDictionary<string, string?>> environment)
    {
        var appHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");
        Assert.True(File.Exists(appHostDll), $"{appHostDll} is built beside the tests");
        var start = new ProcessStartInfo(DotnetHost.Path, [appHostDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        environment(start.Environment);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
