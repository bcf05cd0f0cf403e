using System.Diagnostics.Metrics;
using Npgsql;
using SuperHeroes.Catalog.Data;
using SuperHeroes.Practice;

namespace Fights.Api.Storage;

public static class FightStorage
{
    /// <summary>
    /// Connections to fightsdb. Without a cap a burst opened a connection per waiting fight, each with its handshake
    /// and SCRAM authentication, and the extra CPU fed the queue it came from.
    /// </summary>
    public const int MaxDatabaseConnections = 32;

    /// <summary>The store, the group-commit writer and the table's creation at start.</summary>
    public static IServiceCollection AddFightStorage(this IServiceCollection services) =>
        services.AddDatabaseParts()
            .AddSingleton<FightStore>()
            .AddSingleton<FightWriter>()
            .AddHostedService<FightSchema>()
            .AddHostedService(sp => sp.GetRequiredService<FightWriter>());

    // Npgsql's own connection metrics come from its pool; this counts every physical connection, pooled or not.
    private static readonly Counter<long> ConnectionsOpened = new Meter(typeof(FightStorage).Assembly.GetName().Name!)
        .CreateCounter<long>("db.connections.opened", description: "PostgreSQL connections opened (each a handshake, authentication and a backend process)");

    /// <summary>
    /// The pool's size (see <see cref="MaxDatabaseConnections"/>); statements prepared once per connection and kept,
    /// so PostgreSQL does not parse and plan the insert for every fight; no DISCARD ALL sent with each reuse of a
    /// pooled connection (this service sets no session state that would need it).
    /// </summary>
    public static void ConfigureDataSource(NpgsqlDataSourceBuilder data, PracticeSettings practice)
    {
        DatabaseTimeouts.Apply(data);
        data.UsePhysicalConnectionInitializer(_ => ConnectionsOpened.Add(1), _ =>
        {
            ConnectionsOpened.Add(1);
            return Task.CompletedTask;
        });
        // The practice bottleneck ConnectionPerRequest: every write opens its own connection (handshake, SCRAM
        // authentication, a new PostgreSQL backend process) and closes it again.
        data.ConnectionStringBuilder.Pooling = !practice.IsOn(PracticeCatalogue.ConnectionPerRequest);
        data.ConnectionStringBuilder.MaxPoolSize = MaxDatabaseConnections;
        data.ConnectionStringBuilder.MaxAutoPrepare = 16;
        data.ConnectionStringBuilder.NoResetOnClose = true;
    }
}
