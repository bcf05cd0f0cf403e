using System.Data;
using System.Data.Common;
using Dapper;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// Multi-row queries that never block a thread on the network. Dapper's async queries ask for
/// <see cref="CommandBehavior.SequentialAccess"/>, with which Npgsql streams each row, and Dapper then maps the row with
/// synchronous column reads: a column not yet received became a blocking socket read inside an async request
/// (seen in a stack dump of heroes refilling its random batch). Without SequentialAccess Npgsql has the whole row in
/// memory when <c>ReadAsync</c> returns, so Dapper's row parser only maps memory.
/// </summary>
public static class RowQueries
{
    public static async Task<IReadOnlyList<T>> QueryRowsAsync<T>(this DbConnection connection, CommandDefinition command)
    {
        await using var reader = await connection.ExecuteReaderAsync(command, CommandBehavior.Default);
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (await reader.ReadAsync(command.CancellationToken))
        {
            rows.Add(parse(reader));
        }
        return rows;
    }
}
