using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SuperHeroes.Catalog;

/// <summary>
/// Creates a catalog table and loads its seed set when the table is empty. It runs in <see cref="StartingAsync"/>,
/// before the server takes its first request, in the AppHost and under WebApplicationFactory alike.
/// </summary>
public abstract class CatalogDatabase(NpgsqlDataSource dataSource, SlottedTable table, ILogger logger) : IHostedLifecycleService
{
    protected abstract string Schema { get; }

    protected ILogger Logger => logger;

    /// <summary>Loads the seed set into the empty table; returns how many rows it wrote.</summary>
    protected abstract Task<int> SeedAsync(NpgsqlConnection connection, CancellationToken ct);

    /// <summary>Runs after the seed check, in the same transaction and under the same lock.</summary>
    protected virtual Task AfterSeedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Two instances starting at once on one database must not both seed.
        await connection.ExecuteAsync(new CommandDefinition(table.Lock, transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Schema, transaction: tx, cancellationToken: ct));

        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(table.IsEmpty, transaction: tx, cancellationToken: ct)))
        {
            var seeded = await SeedAsync(connection, ct);
            logger.LogInformation("Seeded {Count} rows into {Table}", seeded, table.Name);
        }
        await AfterSeedAsync(connection, tx, ct);

        await tx.CommitAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"ANALYZE {table.Name}", cancellationToken: ct));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
