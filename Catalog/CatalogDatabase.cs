using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using SuperHeroes.Catalog.Data;

namespace SuperHeroes.Catalog;

/// <summary>Creates a catalog table and loads its seed set when the table is empty (see <see cref="SchemaInitializer"/>).</summary>
public abstract class CatalogDatabase(NpgsqlDataSource dataSource, CatalogTable table, ILogger logger)
    : SchemaInitializer(dataSource, table.Name, logger)
{
    /// <summary>The seed set (and generated rows) again instead of whatever the table holds, in one transaction.</summary>
    public Task ReseedAsync(CancellationToken ct) => InitializeAsync(emptyFirst: true, ct);

    /// <summary>Loads the seed set into the empty table; returns how many rows it wrote.</summary>
    protected abstract Task<int> SeedAsync(NpgsqlConnection connection, CancellationToken ct);

    /// <summary>Runs after the seed check, in the same transaction and under the same lock.</summary>
    protected virtual Task AfterSeedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) => Task.CompletedTask;

    protected sealed override async Task PopulateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<bool>(DatabaseTimeouts.Bulk(table.IsEmpty, transaction: tx, ct: ct)))
        {
            var seeded = await SeedAsync(connection, ct);
            Logger.LogInformation("Seeded {Count} rows into {Table}", seeded, table.Name);
        }
        await AfterSeedAsync(connection, tx, ct);
    }

    // Fresh statistics for the planner after a seed or a bulk load.
    protected sealed override Task AfterCommitAsync(NpgsqlConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(DatabaseTimeouts.Bulk($"ANALYZE {table.Name}", ct: ct));
}
