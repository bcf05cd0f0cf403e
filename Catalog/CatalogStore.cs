using Dapper;
using Npgsql;
using SuperHeroes.Catalog.Data;

namespace SuperHeroes.Catalog;

/// <summary>The reads and writes every catalog table shares: by id, random, delete, delete all, locked writes.</summary>
/// <remarks><paramref name="randomByFullScan"/> is the practice bottleneck of that name (off unless switched on).</remarks>
public abstract class CatalogStore<T>(NpgsqlDataSource dataSource, DatabaseMetrics metrics, CatalogTable table, bool randomByFullScan = false)
{
    private readonly RandomRowBuffer<T> _random = new();

    public Task<T?> GetAsync(long id, CancellationToken ct) =>
        ReadAsync("get_by_id", c => c.QuerySingleOrDefaultAsync<T>(new CommandDefinition(table.GetById, new { id }, cancellationToken: ct)), ct);

    /// <summary>A uniformly random row, or null when the table is empty; served from batches (see <see cref="RandomRowBuffer{T}"/>).</summary>
    public Task<T?> GetRandomAsync(CancellationToken ct) => randomByFullScan
        ? ReadAsync("get_random", c => c.QuerySingleOrDefaultAsync<T>(new CommandDefinition(table.GetRandomByFullScan, cancellationToken: ct)), ct)
        : _random.NextAsync((count, token) => ReadAsync("get_random", c => c.QueryRowsAsync<T>(
            new CommandDefinition(table.GetRandom, new { count }, cancellationToken: token)), token), ct);

    public Task DeleteAsync(long id, CancellationToken ct) =>
        WriteAsync("delete", async (c, tx) =>
        {
            var slot = await c.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(table.Delete, new { id }, tx, cancellationToken: ct));
            if (slot is { } freed)
                await c.ExecuteAsync(new CommandDefinition(table.FillSlot, new { freed }, tx, cancellationToken: ct));
            return slot is not null;
        }, ct);

    public Task DeleteAllAsync(CancellationToken ct) =>
        ChangeAsync("delete_all", c => c.ExecuteAsync(new CommandDefinition(table.DeleteAll, cancellationToken: ct)), ct);

    /// <summary>Replaces every row with the seed set of <paramref name="database"/>; readers see the old set or the new one.</summary>
    public async Task ReseedAsync(CatalogDatabase database, CancellationToken ct)
    {
        try
        {
            using var _ = metrics.Time("reseed");
            await database.ReseedAsync(ct);
        }
        finally
        {
            _random.Invalidate();
        }
    }

    /// <summary>Empties the table and inserts the rows that <paramref name="insertMany"/> makes of <paramref name="columns"/>
    /// (one array a column), in one transaction: readers see the old rows or the new ones.</summary>
    protected Task<IReadOnlyList<T>> ReplaceAllAsync(string insertMany, object columns, CancellationToken ct) =>
        WriteAsync("replace_all", async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(table.DeleteAll, transaction: tx, cancellationToken: ct));
            return await c.QueryRowsAsync<T>(new CommandDefinition(insertMany, columns, tx, cancellationToken: ct));
        }, ct);

    /// <summary>One timed statement (or a few) on a pooled connection, without the writers' lock.</summary>
    protected async Task<TResult> ReadAsync<TResult>(string queryType, Func<NpgsqlConnection, Task<TResult>> work, CancellationToken ct)
    {
        using var _ = metrics.Time(queryType);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await work(connection);
    }

    /// <summary>A timed change that assigns no slots (an update): random rows drawn before it are dropped.</summary>
    protected async Task<TResult> ChangeAsync<TResult>(string queryType, Func<NpgsqlConnection, Task<TResult>> work, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(queryType, work, ct);
        }
        finally
        {
            _random.Invalidate();
        }
    }

    /// <summary>A timed transaction under the table's writer lock, for anything that assigns or frees slots.</summary>
    protected async Task<TResult> WriteAsync<TResult>(string queryType, Func<NpgsqlConnection, NpgsqlTransaction, Task<TResult>> work, CancellationToken ct)
    {
        try
        {
            using var _ = metrics.Time(queryType);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(table.Lock, transaction: tx, cancellationToken: ct));
            var result = await work(connection, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            _random.Invalidate();
        }
    }
}
