using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using SuperHeroes.Postgres;
using Xunit;

namespace SuperHeroes.Tests;

/// <summary>
/// A real, throwaway PostgreSQL server for a test run: initdb into a temporary directory, started on a free
/// loopback port with password authentication, stopped and deleted at the end. Each test gets its own database.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string Password = "test-only-password";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"superheroes-pg-{Guid.NewGuid():N}");
    private Process? _server;
    private int _port;

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Password={Password}";

    public async Task InitializeAsync()
    {
        var bin = PostgresBinaries.Find(Environment.GetEnvironmentVariable("PATH"))
            ?? throw new InvalidOperationException("The tests need the PostgreSQL server binaries (apt-get install postgresql); .ci/run installs them.");
        var data = Path.Combine(_root, "data");
        var passwordFile = Path.Combine(_root, "password");
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(passwordFile, Password);
        if (IsRoot)
            await RunAsync("chown", "-R", "postgres:postgres", _root);

        await RunAsync(AsServerUser(Path.Combine(bin, "initdb"),
            "-D", data, "-U", "postgres", "--pwfile", passwordFile, "--auth", "scram-sha-256", "--encoding", "UTF8", "--lc-ctype", "C.UTF-8"));

        _port = FreePort();
        // Durability settings are off: this data dies with the run, and the tests run faster without fsync.
        _server = Start(AsServerUser(Path.Combine(bin, "postgres"),
            "-D", data, "-p", _port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the server and every backend (SIGSTOP) until the result is disposed: a hung server, whose port still
    /// accepts connections (the kernel completes them) while nothing answers. The postmaster goes first, so that it
    /// forks no new backend after its children stopped.
    /// </summary>
    public async Task<IAsyncDisposable> FreezeAsync()
    {
        var pid = _server?.Id.ToString() ?? throw new InvalidOperationException("The server is not running.");
        await RunAsync("kill", "-STOP", pid);
        await RunAsync("pkill", "-STOP", "-P", pid);
        return new Thaw(async () =>
        {
            await RunAsync("pkill", "-CONT", "-P", pid);
            await RunAsync("kill", "-CONT", pid);
        });
    }

    private sealed class Thaw(Func<Task> thaw) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await thaw();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is { HasExited: false })
        {
            // SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them.
            await RunAsync("kill", "-INT", _server.Id.ToString());
            if (!_server.WaitForExit(TimeSpan.FromSeconds(20)))
                _server.Kill(entireProcessTree: true);
        }
        _server?.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    private static string[] AsServerUser(string binary, params string[] args) =>
        IsRoot ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", binary, .. args] : [binary, .. args];

    private static Process Start(string[] commandLine)
    {
        var start = new ProcessStartInfo(commandLine[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in commandLine.Skip(1))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task RunAsync(params string[] commandLine) => RunAsync((IEnumerable<string>)commandLine);

    private static async Task RunAsync(IEnumerable<string> commandLine)
    {
        var parts = commandLine.ToArray();
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in parts.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', parts)} failed ({process.ExitCode}): {stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
