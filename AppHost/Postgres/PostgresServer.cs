using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SuperHeroes.Postgres;

public enum PostgresMode { ConnectionString, Container, Local }

/// <summary>
/// The one PostgreSQL server of the system, provided in the first way that can work here:
/// a configured connection string, a container when a container runtime is healthy, or a local server process.
/// </summary>
public sealed class PostgresServer
{
    public const string ResourceName = "postgres";

    private readonly IDistributedApplicationBuilder _builder;
    private readonly IResourceBuilder<IResourceWithConnectionString> _server;
    private readonly IResourceBuilder<PostgresServerResource>? _container;

    private PostgresServer(IDistributedApplicationBuilder builder, PostgresMode mode, IResourceBuilder<IResourceWithConnectionString> server,
        IResourceBuilder<PostgresServerResource>? container = null)
    {
        _builder = builder;
        Mode = mode;
        _server = server;
        _container = container;
    }

    public PostgresMode Mode { get; }

    public string Description { get; private init; } = "";

    public static PostgresServer Add(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        PostgresMode? forced = null;
        if (configuration["Postgres:Mode"] is { } configured)
            forced = Enum.TryParse<PostgresMode>(configured, ignoreCase: true, out var mode) ? mode
                : throw new PostgresUnavailableException($"Postgres:Mode is '{configured}'; use ConnectionString, Container or Local.");

        bool Allowed(PostgresMode mode) => forced is null || forced == mode;

        if (Allowed(PostgresMode.ConnectionString) && !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ResourceName)))
        {
            var external = builder.AddConnectionString(ResourceName);
            return new PostgresServer(builder, PostgresMode.ConnectionString, external)
            {
                Description = "the server of ConnectionStrings:postgres",
            };
        }

        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        if (forced == PostgresMode.Container || forced is null && ContainerRuntimeIsHealthy(runtime))
        {
            var password = builder.AddParameter($"{ResourceName}-password", secret: true);
            var container = builder.AddPostgres(ResourceName, password: password)
                .WithDataVolume("superheroes-postgres-data")
                .WithLifetime(ContainerLifetime.Persistent);
            return new PostgresServer(builder, PostgresMode.Container, container.Cast(), container)
            {
                Description = $"a {runtime} container with the volume superheroes-postgres-data",
            };
        }

        var installRoot = configuration["LocalPostgres:InstallRoot"] ?? PostgresBinaries.DefaultInstallRoot;
        var binDirectory = configuration["LocalPostgres:BinDirectory"]
            ?? PostgresBinaries.Find(Environment.GetEnvironmentVariable("PATH"), installRoot);
        if (Allowed(PostgresMode.Local) && binDirectory is not null)
        {
            var local = LocalPostgres.Add(builder, ResourceName, binDirectory).WithSupervision();
            local.WithHealthCheck(AddHealthCheck(builder, ResourceName, async ct =>
            {
                await using var connection = new NpgsqlConnection(await local.Resource.ConnectionStringExpression.GetValueAsync(ct));
                await connection.OpenAsync(ct);
            }));
            return new PostgresServer(builder, PostgresMode.Local, local.Cast())
            {
                Description = $"a local server from {binDirectory}, data in {local.Resource.WorkingDirectory}",
            };
        }

        throw new PostgresUnavailableException(
            "No PostgreSQL can be had on this machine. Do one of these and run the AppHost again:\n" +
            "  1. give a server's connection string: ConnectionStrings__postgres='Host=...;Username=...;Password=...';\n" +
            $"  2. start a container runtime ({runtime}) so that the PostgreSQL container can run;\n" +
            "  3. install the PostgreSQL server binaries (Debian: apt-get install postgresql) or point LocalPostgres:BinDirectory at them.");
    }

    /// <summary>A database on this server that a service can reference and wait for.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name, string databaseName)
    {
        if (_container is not null)
            return _container.AddDatabase(name, databaseName).Cast();

        // A database modelled as a child of an executable never gets a state of its own, so waiting on it would
        // hang; a connection-string resource has a lifecycle, and its health check creates the database.
        var database = _builder.AddConnectionString(name, ReferenceExpression.Create($"{_server.Resource};Database={databaseName}"));
        var server = _server.Resource;
        database.WithHealthCheck(AddHealthCheck(_builder, name, async ct =>
            await EnsureDatabaseAsync(await server.ConnectionStringExpression.GetValueAsync(ct), databaseName, ct)));
        if (Mode == PostgresMode.Local)
            database.WaitFor(_server);
        return database.Cast();
    }

    private static string AddHealthCheck(IDistributedApplicationBuilder builder, string name, Func<CancellationToken, Task> probe)
    {
        var key = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            try
            {
                await probe(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or ArgumentException)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        });
        return key;
    }

    private static async Task EnsureDatabaseAsync(string? serverConnectionString, string database, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            try
            {
                // Identifiers cannot be parameters; the name comes from the AppHost's own code, quoted.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another check created it first.
            }
        }
    }

    private static bool ContainerRuntimeIsHealthy(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
                return false;
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

internal static class ResourceBuilderCasts
{
    public static IResourceBuilder<IResourceWithConnectionString> Cast<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}
