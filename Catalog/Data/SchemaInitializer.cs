using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// Creates a service's table before the server takes its first request: it runs in <see cref="StartingAsync"/>, in
/// the AppHost and under WebApplicationFactory alike. Creation and whatever fills the table happen in one transaction
/// under an advisory lock of the table's, so two instances starting at once on one database neither race on
/// <c>CREATE TABLE</c> nor both fill it.
/// </summary>
/// <remarks>
/// At start a database that fails transiently (a timeout, a refused connection) is tried again until
/// <see cref="StartDeadline"/>: a process's first connection also loads the server's type catalogue, which a cold Debug
/// build on a busy machine took longer than the request path's connect timeout to do, and ended the service. A start
/// that cannot go on ends as a <see cref="ServiceStartException"/>: what is wrong, in a line, not a stack trace.
/// </remarks>
public abstract class SchemaInitializer(NpgsqlDataSource dataSource, string table, ILogger logger) : IHostedLifecycleService
{
    /// <summary>How long a start waits for a database that fails transiently before the service gives up.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    /// <summary>The transaction-scoped advisory lock of a table; writers that must not overlap take it too.</summary>
    public static string LockSql(string table) => $"SELECT pg_advisory_xact_lock(hashtext('{table}'))";

    protected ILogger Logger => logger;

    /// <summary>Idempotent DDL: <c>CREATE ... IF NOT EXISTS</c>.</summary>
    protected abstract string Schema { get; }

    /// <summary>Runs after the schema, in the same transaction and under the same lock.</summary>
    protected virtual Task PopulateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs after the commit, on the same connection.</summary>
    protected virtual Task AfterCommitAsync(NpgsqlConnection connection, CancellationToken ct) => Task.CompletedTask;

    public Task InitializeAsync(CancellationToken ct = default) => InitializeAsync(emptyFirst: false, ct);

    /// <param name="emptyFirst">
    /// Deletes every row before populating, in the same transaction: other sessions read the old rows until the commit
    /// and the new ones after it, never an empty table (a DELETE keeps the old row versions visible to them, where a
    /// TRUNCATE would make them wait).
    /// </param>
    protected async Task InitializeAsync(bool emptyFirst, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await connection.ExecuteAsync(DatabaseTimeouts.Bulk(LockSql(table), transaction: tx, ct: ct));
            await connection.ExecuteAsync(DatabaseTimeouts.Bulk(Schema, transaction: tx, ct: ct));
            if (emptyFirst)
                await connection.ExecuteAsync(DatabaseTimeouts.Bulk($"DELETE FROM {table}", transaction: tx, ct: ct));
            await PopulateAsync(connection, tx, ct);
            await tx.CommitAsync(ct);
        }
        await AfterCommitAsync(connection, ct);
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or NpgsqlException && cancellationToken.IsCancellationRequested)
            {
                throw Stopped();
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Creating {Table} failed (attempt {Attempt}): {Error}; trying again until {Deadline:O}",
                    table, attempt, e.Message, deadline);
            }
            catch (NpgsqlException e)
            {
                throw new ServiceStartException(e.IsTransient
                    ? $"{table} could not be created: the database at {Where()} was still unreachable after {StartDeadline.TotalSeconds:0} s ({e.Message}). Start PostgreSQL, or point the service's connection string at one."
                    : $"{table} could not be created: the database at {Where()} refused it ({e.Message}). Check the service's connection string.", e);
            }
            // A stop during the pause ends it without throwing; the next attempt, on the cancelled token, becomes the stop.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // A stop asked for while the database is awaited ends the start as a stop does, with exit code 0.
    private ServiceStartException Stopped() =>
        new($"stopped while waiting for the database at {Where()} to create {table}.", exitCode: 0);

    // Where the service looked, without the password: the connection string's host, port and database.
    private string Where()
    {
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{settings.Host}:{settings.Port}/{settings.Database}";
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
