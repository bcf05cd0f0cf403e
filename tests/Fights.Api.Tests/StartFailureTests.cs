using Microsoft.Extensions.Hosting;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

/// <summary>
/// A start that cannot go on ends with one line that says why and an exit code, never a stack trace or the runtime's
/// abort. The service runs as its built app, as a user runs it alone; the refused database is a real server's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StartFailureTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task ABadPracticeSwitchEndsTheProcessWithItsMessageAndExitCode1()
    {
        var run = await RunServiceAsync(new() { ["Practice__SequentialCalls"] = "maybe", ["ConnectionStrings__fightsdb"] = ClosedPortDatabase() });

        Assert.Equal(1, run.Code);
        Assert.Contains("Fights.Api did not start: Practice:SequentialCalls is 'maybe'; give true or false.", run.Stderr);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task WithoutItsConnectionStringTheServiceNamesTheSettingToGiveAndExits1()
    {
        var run = await RunServiceAsync([]);

        Assert.Equal(1, run.Code);
        Assert.Contains("Fights.Api did not start: ConnectionString is missing. It should be provided in 'ConnectionStrings:fightsdb'", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    // SIGTERM while the start waits for an unreachable database: a stop, so exit code 0, with where it was waiting.
    [Fact]
    public async Task AStopWhileTheStartWaitsForTheDatabaseEndsTheProcessWithExitCode0()
    {
        var database = ClosedPortDatabase();
        var port = new Npgsql.NpgsqlConnectionStringBuilder(database).Port;

        var run = await RunServiceAsync(new() { ["ConnectionStrings__fightsdb"] = database },
            stopWhenStdoutHas: "Creating fights failed (attempt 1)");

        Assert.Equal(0, run.Code);
        Assert.Contains($"Fights.Api did not start: stopped while waiting for the database at 127.0.0.1:{port}/fightsdb to create fights.", run.Stderr);
        AssertNoStackTrace(run);
    }

    // A database that answers and refuses (here: it does not exist) is not waited for: the start ends at once with
    // where the service looked and what the server said, and without the password.
    [Fact]
    public async Task ADatabaseThatRefusesTheServiceEndsTheStartAtOnceWithWhereAndWhy()
    {
        var connectionString = postgres.ConnectionString + ";Database=no_such_fightsdb";
        await using var app = new ServiceApp<Program>("fightsdb", connectionString);

        var error = Assert.Throws<ServiceStartException>(app.Start);

        Assert.Equal(1, error.ExitCode);
        Assert.Contains("fights could not be created: the database at 127.0.0.1:", error.Message);
        Assert.Contains("/no_such_fightsdb refused it (3D000", error.Message);
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password!, error.Message);
        Assert.DoesNotContain("   at ", error.ToString());
    }

    private static void AssertNoStackTrace((int Code, string Stdout, string Stderr) run)
    {
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stdout);
    }

    // A port nothing listens on: connections are refused, which the start treats as transient and waits out.
    private static string ClosedPortDatabase() =>
        $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=unused;Database=fightsdb;Timeout=2";

    private static async Task<(int Code, string Stdout, string Stderr)> RunServiceAsync(
        Dictionary<string, string> environment, string? stopWhenStdoutHas = null)
    {
        await using var service = ServiceProcess.Start(environment);
        var timeout = TimeSpan.FromSeconds(60);
        if (stopWhenStdoutHas is not null)
        {
            await service.WaitForLineAsync(stopWhenStdoutHas, timeout);
            service.Terminate();
        }
        var code = await service.ExitCodeAsync(timeout);
        return (code, service.Stdout, service.Stderr);
    }
}
