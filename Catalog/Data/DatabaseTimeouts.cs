using Dapper;
using Npgsql;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// How long a request waits for PostgreSQL. Npgsql's defaults (15 s to connect, 30 s a command, then a cancel request
/// to the same server) held a request 60 s when the server hung (stopped, not dead: the kernel still completes
/// connections to its port). A request now gets its 503 after at most <see cref="RequestBound"/>; work that is long
/// by nature (seeding, generating a million rows, building an index) asks for <see cref="Bulk"/> per command instead.
/// </summary>
public static class DatabaseTimeouts
{
    /// <summary>Opening a connection, or waiting for one from a full pool.</summary>
    public const int ConnectSeconds = 3;

    /// <summary>Above the slowest practice query (a name filter without its index on a million rows, a few seconds).</summary>
    public const int CommandSeconds = 6;

    /// <summary>
    /// The longest a request waits for the database. A request either waits for a connection (at most
    /// <see cref="ConnectSeconds"/>) or for a command (<see cref="CommandSeconds"/>); a command that times out then
    /// costs a cancel request, whose connection and wait for the server's answer Npgsql bounds by the connect timeout
    /// each: 6 + 2 × 3 = 12 s against a stopped server.
    /// </summary>
    public static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(CommandSeconds + 2 * ConnectSeconds);

    /// <summary>For one command of start-up or reseed work: minutes at a million rows on a slow disk.</summary>
    public const int BulkCommandSeconds = 600;

    public static void Apply(NpgsqlDataSourceBuilder data)
    {
        data.ConnectionStringBuilder.Timeout = ConnectSeconds;
        data.ConnectionStringBuilder.CommandTimeout = CommandSeconds;
        // After a timed-out command's cancel request, do not wait for the command to end as well (2 s by default):
        // close the connection, which the pool replaces.
        data.ConnectionStringBuilder.CancellationTimeout = -1;
    }

    /// <summary>A command of bulk work, with <see cref="BulkCommandSeconds"/> instead of the request path's timeout.</summary>
    public static CommandDefinition Bulk(string sql, object? parameters = null, NpgsqlTransaction? transaction = null, CancellationToken ct = default) =>
        new(sql, parameters, transaction, BulkCommandSeconds, cancellationToken: ct);
}
