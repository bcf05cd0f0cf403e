using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace SuperHeroes.Postgres;

/// <summary>
/// Prepares and models the local PostgreSQL server: <c>initdb</c> once into a data directory that survives
/// restarts, password authentication with a generated secret, loopback only, and the server process run as the
/// <c>postgres</c> user when the AppHost runs as root (PostgreSQL refuses to run as root).
/// </summary>
internal static class LocalPostgres
{
    private const string SuperUser = "postgres";
    private const string SetPriv = "/usr/bin/setpriv";

    public static IResourceBuilder<LocalPostgresResource> Add(IDistributedApplicationBuilder builder, string name, string binDirectory)
    {
        var settings = builder.Configuration.GetSection("LocalPostgres");
        var root = Path.GetFullPath(settings["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".data", "postgres"));
        var dataDirectory = Path.Combine(root, "data");
        var passwordFile = Path.Combine(root, "password");
        var port = settings.GetValue<int?>("Port") ?? FreeLoopbackPort();

        EnsureInitialized(binDirectory, root, dataDirectory, passwordFile);

        // The password lives beside the data it protects: a new generated value on another run could not log in.
        var password = builder.AddParameter($"{name}-password", () => File.ReadAllText(passwordFile).Trim(), secret: true);

        string[] serverArgs =
        [
            "-D", dataDirectory,
            "-p", port.ToString(),
            "-c", "listen_addresses=localhost",
            "-c", "unix_socket_directories=",
            // Four services each pool connections; the default 100 is too few under load.
            "-c", "max_connections=400",
        ];
        var (command, args) = AsServerUser(Path.Combine(binDirectory, "postgres"), serverArgs);
        var resource = new LocalPostgresResource(name, command, root, password.Resource);
        return builder.AddResource(resource)
            .WithArgs(args)
            // Not proxied: every query of every service crosses this port, and the proxy would add a hop to each.
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: LocalPostgresResource.EndpointName, isProxied: false)
            .WithEnvironment("PGDATA", dataDirectory);
    }

    private static void EnsureInitialized(string binDirectory, string root, string dataDirectory, string passwordFile)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            if (!File.Exists(passwordFile))
                throw new PostgresUnavailableException(
                    $"The local PostgreSQL data directory {dataDirectory} exists but its password file {passwordFile} is gone. " +
                    $"Delete {root} to start with a fresh database, or restore the file.");
            return;
        }

        Directory.CreateDirectory(root);
        if (!File.Exists(passwordFile))
            File.WriteAllText(passwordFile, RandomNumberGenerator.GetHexString(32, lowercase: true));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (IsRoot())
            RunChecked("chown", ["-R", $"{SuperUser}:{SuperUser}", root]);

        var (command, args) = AsServerUser(Path.Combine(binDirectory, "initdb"),
        [
            "-D", dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
            "--encoding", "UTF8", "--lc-collate", "C", "--lc-ctype", "C.UTF-8",
        ]);
        RunChecked(command, args);
    }

    private static (string Command, string[] Args) AsServerUser(string binary, string[] args)
    {
        if (!IsRoot())
            return (binary, args);
        if (!File.Exists(SetPriv))
            throw new PostgresUnavailableException($"The AppHost runs as root and PostgreSQL refuses to; {SetPriv} (util-linux) is needed to run it as the '{SuperUser}' user.");
        // setpriv execs, so the orchestrator's stop signal reaches the server itself.
        return (SetPriv, [$"--reuid={SuperUser}", $"--regid={SuperUser}", "--init-groups", "--", binary, .. args]);
    }

    private static void RunChecked(string command, string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new PostgresUnavailableException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new PostgresUnavailableException(
                $"Preparing the local PostgreSQL failed: {command} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stderr}{stdout.Result}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Environment.UserName is the effective user's name on Unix.
    private static bool IsRoot() => !OperatingSystem.IsWindows() && Environment.UserName == "root";
}
