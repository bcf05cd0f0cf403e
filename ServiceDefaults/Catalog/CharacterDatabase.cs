using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace SuperHeroes.Catalog;

/// <summary>
/// Creates the table and loads the seed set when the table is empty, then tops the table up to
/// <c>Catalog:GeneratedRows</c> deterministic generated rows (binary COPY, about a second per 100,000 rows here)
/// so that costs can be measured on a large table. It runs in <see cref="StartingAsync"/>, before the server
/// takes its first request, in the AppHost and under WebApplicationFactory alike.
/// </summary>
public sealed class CharacterDatabase<T>(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<CharacterDatabase<T>> logger)
    : IHostedLifecycleService
    where T : ICharacter<T>
{
    public const string GeneratedRowsKey = "Catalog:GeneratedRows";

    private static readonly CharacterSql Sql = new(T.Kind.Table);
    private static CharacterKind Kind => T.Kind;

    public Task StartingAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Two instances starting at once on one database must not both seed.
        await connection.ExecuteAsync(new CommandDefinition(Sql.Lock, transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Sql.Schema, transaction: tx, cancellationToken: ct));

        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Sql.Count, transaction: tx, cancellationToken: ct));
        if (count == 0)
        {
            var seed = SeedFile.Read(typeof(T).Assembly, Kind);
            await CopyAsync(connection, seed, firstSlot: 0, ct);
            logger.LogInformation("Seeded {Count} {Plural}", seed.Count, Kind.Plural);
        }

        var wanted = configuration.GetValue<int?>(GeneratedRowsKey) ?? 0;
        if (wanted < 0)
            throw new InvalidOperationException($"{GeneratedRowsKey} must be 0 or more, not {wanted}.");
        if (wanted > 0)
        {
            var generated = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {Kind.Table} WHERE name LIKE @prefix",
                new { prefix = GeneratedCharacters.NamePrefix(Kind) + "%" }, tx, cancellationToken: ct));
            if (generated < wanted)
            {
                var firstSlot = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Sql.MaxSlot, transaction: tx, cancellationToken: ct));
                var rows = GeneratedCharacters.Create(Kind, first: generated + 1, count: wanted - generated);
                await CopyAsync(connection, rows, firstSlot, ct);
                logger.LogInformation("Generated {Count} {Plural} ({Wanted} wanted)", wanted - generated, Kind.Plural, wanted);
            }
        }

        await tx.CommitAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"ANALYZE {Kind.Table}", cancellationToken: ct));
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IEnumerable<CharacterRequest> rows, int firstSlot, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {Kind.Table} (name, other_name, level, picture, powers, slot) FROM STDIN (FORMAT BINARY)", ct);
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
