using Dapper;
using Npgsql;

namespace SuperHeroes.Catalog;

/// <summary>
/// SQL for one character table. Every row also holds a <c>slot</c>: the slots are always exactly 0..n-1, so a
/// uniformly random row is one index lookup whatever the ids' gaps and whatever the table size (the Python
/// system's <c>id &gt;= random</c> pick is skewed by id gaps; <c>ORDER BY random()</c> scans the table).
/// Writers keep the slots dense under one advisory lock per table; readers never lock.
/// </summary>
public sealed class CharacterStore<T>(NpgsqlDataSource dataSource, CatalogMetrics metrics) where T : ICharacter<T>
{
    private static readonly CharacterSql Sql = new(T.Kind.Table);

    public async Task<IReadOnlyList<T>> ListAsync(string? nameFilter, long offset, int limit, CancellationToken ct)
    {
        using var _ = metrics.Time(nameFilter is null ? "list_all" : "list_by_name");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(
            Sql.List,
            new { pattern = nameFilter is null ? null : LikePattern.Contains(nameFilter), limit, offset },
            cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<T?> GetAsync(long id, CancellationToken ct)
    {
        using var _ = metrics.Time("get_by_id");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(Sql.GetById, new { id }, cancellationToken: ct));
    }

    public async Task<T?> GetRandomAsync(CancellationToken ct)
    {
        using var _ = metrics.Time("get_random");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(
            Sql.GetRandom, new { r = Random.Shared.NextDouble() }, cancellationToken: ct));
    }

    public async Task<T> CreateAsync(CharacterRequest request, CancellationToken ct)
    {
        using var _ = metrics.Time("insert");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, tx, ct);
        var created = await connection.QuerySingleAsync<T>(new CommandDefinition(Sql.Insert, request, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<bool> UpdateAsync(long id, CharacterRequest request, CancellationToken ct)
    {
        using var _ = metrics.Time("update");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            Sql.Update, new { id, request.Name, request.OtherName, request.Level, request.Picture, request.Powers },
            cancellationToken: ct));
        return changed == 1;
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        using var _ = metrics.Time("delete");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, tx, ct);
        var slot = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(Sql.Delete, new { id }, tx, cancellationToken: ct));
        if (slot is { } freed)
        {
            await connection.ExecuteAsync(new CommandDefinition(Sql.FillSlot, new { freed }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public async Task DeleteAllAsync(CancellationToken ct)
    {
        using var _ = metrics.Time("delete_all");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteAll, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<T>> ReplaceAllAsync(IReadOnlyList<CharacterRequest> characters, CancellationToken ct)
    {
        using var _ = metrics.Time("replace_all");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, tx, ct);
        await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteAll, transaction: tx, cancellationToken: ct));
        var rows = await connection.QueryAsync<T>(new CommandDefinition(Sql.InsertMany, new
        {
            names = characters.Select(c => c.Name).ToArray(),
            otherNames = characters.Select(c => c.OtherName).ToArray(),
            levels = characters.Select(c => c.Level ?? 0).ToArray(),
            pictures = characters.Select(c => c.Picture).ToArray(),
            powers = characters.Select(c => c.Powers).ToArray(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows.AsList();
    }

    private static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Sql.Lock, transaction: tx, cancellationToken: ct));
}
