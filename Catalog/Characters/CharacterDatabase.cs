using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using SuperHeroes.Catalog.Data;
using SuperHeroes.Practice;

namespace SuperHeroes.Catalog.Characters;

/// <summary>
/// The character table with its seed set, topped up to <c>Catalog:GeneratedRows</c> deterministic generated rows
/// (binary COPY) so that costs can be measured on a large table.
/// </summary>
/// <remarks>The name filter's trigram index is made after the rows are in (a bulk load into an indexed table is slower),
/// and dropped instead while the practice bottleneck UnindexedNameFilter is on.</remarks>
public sealed class CharacterDatabase<T>(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<CharacterDatabase<T>> logger,
    PracticeSettings? practice = null)
    : CatalogDatabase(dataSource, CharacterStore<T>.Sql.Table, logger)
    where T : ICharacter<T>
{
    public const string GeneratedRowsKey = "Catalog:GeneratedRows";

    private static CatalogKind Kind => T.Kind;

    protected override string Schema => CharacterStore<T>.Sql.Schema;

    protected override async Task<int> SeedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var seed = CharacterSeed.Read(typeof(T).Assembly, Kind);
        await CopyAsync(connection, seed, firstSlot: 0, ct);
        return seed.Count;
    }

    protected override async Task AfterSeedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await GenerateRowsAsync(connection, tx, ct);
        var indexed = practice?.IsOn(PracticeCatalogue.UnindexedNameFilter) != true;
        await connection.ExecuteAsync(DatabaseTimeouts.Bulk(
            indexed ? CharacterStore<T>.Sql.CreateNameIndex : CharacterStore<T>.Sql.DropNameIndex, transaction: tx, ct: ct));
    }

    private async Task GenerateRowsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var wanted = configuration.GetValue<int?>(GeneratedRowsKey) ?? 0;
        if (wanted < 0)
            throw new ServiceStartException($"{GeneratedRowsKey} must be 0 or more, not {wanted}.");
        if (wanted == 0)
            return;

        var generated = await connection.ExecuteScalarAsync<long>(DatabaseTimeouts.Bulk(
            $"SELECT count(*) FROM {Kind.Table} WHERE name LIKE @prefix",
            new { prefix = GeneratedCharacters.NamePrefix(Kind) + "%" }, tx, ct));
        if (generated >= wanted)
            return;
        var firstSlot = await connection.ExecuteScalarAsync<int>(DatabaseTimeouts.Bulk(
            $"SELECT {CharacterStore<T>.Sql.Table.NextSlot}", transaction: tx, ct: ct));
        await CopyAsync(connection, GeneratedCharacters.Create(Kind, first: generated + 1, count: wanted - generated), firstSlot, ct);
        Logger.LogInformation("Generated {Count} {Plural} ({Wanted} wanted)", wanted - generated, Kind.Plural, wanted);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IEnumerable<CharacterRequest> rows, int firstSlot, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(CharacterStore<T>.Sql.Copy, ct);
        writer.Timeout = TimeSpan.FromSeconds(DatabaseTimeouts.BulkCommandSeconds);
        var slot = firstSlot;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(row.Name, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.OtherName, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.Level!.Value, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(row.Picture, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.Powers, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(slot++, NpgsqlDbType.Integer, ct);
        }
        await writer.CompleteAsync(ct);
    }
}
