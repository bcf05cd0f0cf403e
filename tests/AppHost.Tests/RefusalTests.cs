using System.Diagnostics;

namespace AppHost.Tests;

public sealed class RefusalTests
{
    // No connection string, no container runtime and no PostgreSQL binaries: the AppHost must say so and stop,
    // not wait forever for a database that cannot come.
    [Fact]
    public async Task AppHostRefusesToStartWhenNoPostgreSqlCanBeHad()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("superheroes-nothing-").FullName;
        var appHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");
        Assert.True(File.Exists(appHostDll), $"{appHostDll} is built beside the tests");
        var start = new ProcessStartInfo(DotnetHost(), [appHostDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = emptyDirectory,
        };
        // Nothing on PATH: no docker, no pg_config, no postgres.
        start.Environment["PATH"] = emptyDirectory;
        start.Environment["LocalPostgres__InstallRoot"] = emptyDirectory;
        start.Environment.Remove("ConnectionStrings__postgres");
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.Contains("No PostgreSQL can be had", message);
        Assert.Contains("ConnectionStrings__postgres", message);
        Assert.Contains("container runtime", message);
        Assert.Contains("apt-get install postgresql", message);
        Assert.DoesNotContain("   at ", message + await stdout);
    }

    // A trace setting out of range stops the AppHost before anything starts, with the setting named and no stack trace.
    [Theory]
    [InlineData("Telemetry__TraceExport", "Sometimes", "Telemetry:TraceExport is 'Sometimes'; give Tail or All.")]
    [InlineData("Telemetry__TraceSampleRatio", "2", "Telemetry:TraceSampleRatio is '2'; give a number from 0 to 1.")]
    public async Task AppHostRefusesATraceSettingOutOfRange(string variable, string value, string expected)
    {
        var appHostDll = Path.Combine(AppContext.BaseDirectory, "AppHost.dll");
        var start = new ProcessStartInfo(DotnetHost(), [appHostDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment[variable] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, await stderr);
        Assert.DoesNotContain("   at ", await stderr + await stdout);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");
}
