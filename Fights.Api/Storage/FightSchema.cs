using Microsoft.Extensions.Logging;
using Npgsql;
using SuperHeroes.Catalog.Data;

namespace Fights.Api.Storage;

/// <summary>The fights table, created before the server takes its first request (see <see cref="SchemaInitializer"/>).</summary>
public sealed class FightSchema(NpgsqlDataSource dataSource, ILogger<FightSchema> logger) : SchemaInitializer(dataSource, "fights", logger)
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS fights (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            fight_date timestamptz NOT NULL,
            winner_name text NOT NULL,
            winner_level integer NOT NULL,
            winner_powers text,
            winner_picture text NOT NULL,
            loser_name text NOT NULL,
            loser_level integer NOT NULL,
            loser_powers text,
            loser_picture text NOT NULL,
            winner_team text NOT NULL,
            loser_team text NOT NULL,
            location_name text,
            location_description text,
            location_picture text
        );
        CREATE INDEX IF NOT EXISTS fights_newest_first ON fights (fight_date DESC, id DESC);
        """;

    protected override string Schema => Sql;
}
