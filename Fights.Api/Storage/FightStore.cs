using Dapper;
using Npgsql;
using SuperHeroes.Catalog.Data;

namespace Fights.Api.Storage;

public sealed class FightStore(NpgsqlDataSource dataSource, DatabaseMetrics metrics)
{
    // The unpaged list answers at most this many fights: the most recent ones, oldest first.
    public const int UnpagedCap = 1000;

    private const string Columns = """
        id, fight_date AS fightDate, winner_name AS winnerName, winner_level AS winnerLevel, winner_powers AS winnerPowers,
        winner_picture AS winnerPicture, loser_name AS loserName, loser_level AS loserLevel, loser_powers AS loserPowers,
        loser_picture AS loserPicture, winner_team AS winnerTeam, loser_team AS loserTeam,
        location_name AS locationName, location_description AS locationDescription, location_picture AS locationPicture
        """;

    /// <summary>
    /// Stores fights in one statement and one commit and answers them as stored (id, date precision), in the order
    /// given. The ids are drawn in a materialized CTE and the answer is read from it, so each fight gets its own row
    /// back without relying on the order of INSERT ... RETURNING.
    /// </summary>
    public async Task<IReadOnlyList<Fight>> InsertAsync(IReadOnlyList<Fight> fights, CancellationToken ct)
    {
        if (fights.Count == 1)
        {
            return [await InsertAsync(fights[0], ct)];
        }
        const string sql = $"""
            WITH input AS MATERIALIZED (
                SELECT nextval(pg_get_serial_sequence('fights', 'id')) AS id, t.*
                FROM unnest(@FightDates::timestamptz[], @WinnerNames::text[], @WinnerLevels::integer[],
                    @WinnerPowers::text[], @WinnerPictures::text[], @LoserNames::text[], @LoserLevels::integer[],
                    @LoserPowers::text[], @LoserPictures::text[], @WinnerTeams::text[], @LoserTeams::text[],
                    @LocationNames::text[], @LocationDescriptions::text[], @LocationPictures::text[]) WITH ORDINALITY
                    AS t(fight_date, winner_name, winner_level, winner_powers, winner_picture,
                        loser_name, loser_level, loser_powers, loser_picture, winner_team, loser_team,
                        location_name, location_description, location_picture, ord)
            ), stored AS (
                INSERT INTO fights (id, fight_date, winner_name, winner_level, winner_powers, winner_picture,
                    loser_name, loser_level, loser_powers, loser_picture, winner_team, loser_team,
                    location_name, location_description, location_picture)
                OVERRIDING SYSTEM VALUE
                SELECT id, fight_date, winner_name, winner_level, winner_powers, winner_picture,
                    loser_name, loser_level, loser_powers, loser_picture, winner_team, loser_team,
                    location_name, location_description, location_picture
                FROM input
            )
            SELECT {Columns} FROM input ORDER BY ord
            """;
        using var _ = metrics.Time("insert_fights");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryRowsAsync<FightRow>(new CommandDefinition(sql, FightColumns.From(fights), cancellationToken: ct));
        return rows.Select(r => r.AsFight()).ToList();
    }

    /// <summary>One fight, the common case when the service is not busy: a plain INSERT, no arrays, no CTE.</summary>
    public async Task<Fight> InsertAsync(Fight fight, CancellationToken ct)
    {
        const string sql = $"""
            INSERT INTO fights (fight_date, winner_name, winner_level, winner_powers, winner_picture,
                loser_name, loser_level, loser_powers, loser_picture, winner_team, loser_team,
                location_name, location_description, location_picture)
            VALUES (@FightDate, @WinnerName, @WinnerLevel, @WinnerPowers, @WinnerPicture,
                @LoserName, @LoserLevel, @LoserPowers, @LoserPicture, @WinnerTeam, @LoserTeam,
                @LocationName, @LocationDescription, @LocationPicture)
            RETURNING {Columns}
            """;
        using var _ = metrics.Time("insert_fight");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<FightRow>(new CommandDefinition(sql, FightRow.From(fight), cancellationToken: ct));
        return row.AsFight();
    }

    public async Task<Fight?> GetAsync(long id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM fights WHERE id = @id";
        using var _ = metrics.Time("get_fight");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<FightRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct)))?.AsFight();
    }

    public async Task<IReadOnlyList<Fight>> ListRecentAsync(CancellationToken ct)
    {
        const string sql = $"""
            SELECT * FROM (SELECT {Columns} FROM fights ORDER BY id DESC LIMIT @limit) recent ORDER BY id
            """;
        using var _ = metrics.Time("list_fights");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryRowsAsync<FightRow>(new CommandDefinition(sql, new { limit = UnpagedCap }, cancellationToken: ct));
        return rows.Select(r => r.AsFight()).ToList();
    }

    public async Task<IReadOnlyList<Fight>> ListPageAsync(int page, int size, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM fights ORDER BY fight_date DESC, id DESC LIMIT @size OFFSET @offset
            """;
        using var _ = metrics.Time("list_fights_page");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryRowsAsync<FightRow>(new CommandDefinition(sql, new { size, offset = (long)page * size }, cancellationToken: ct));
        return rows.Select(r => r.AsFight()).ToList();
    }

    // One array per column: the batch travels as 14 parameters whatever its size.
    private sealed record FightColumns(
        DateTime[] FightDates, string[] WinnerNames, int[] WinnerLevels, string?[] WinnerPowers, string[] WinnerPictures,
        string[] LoserNames, int[] LoserLevels, string?[] LoserPowers, string[] LoserPictures, string[] WinnerTeams,
        string[] LoserTeams, string?[] LocationNames, string?[] LocationDescriptions, string?[] LocationPictures)
    {
        public static FightColumns From(IReadOnlyList<Fight> f) => new(
            Column(f, x => x.FightDate), Column(f, x => x.WinnerName), Column(f, x => x.WinnerLevel),
            Column(f, x => x.WinnerPowers), Column(f, x => x.WinnerPicture), Column(f, x => x.LoserName),
            Column(f, x => x.LoserLevel), Column(f, x => x.LoserPowers), Column(f, x => x.LoserPicture),
            Column(f, x => x.WinnerTeam), Column(f, x => x.LoserTeam), Column(f, x => x.Location?.Name),
            Column(f, x => x.Location?.Description), Column(f, x => x.Location?.Picture));

        private static T[] Column<T>(IReadOnlyList<Fight> fights, Func<Fight, T> value)
        {
            var column = new T[fights.Count];
            for (var i = 0; i < column.Length; i++)
                column[i] = value(fights[i]);
            return column;
        }
    }

    // The table is flat; the Fight nests its location.
    private sealed record FightRow(
        long Id, DateTime FightDate, string WinnerName, int WinnerLevel, string? WinnerPowers, string WinnerPicture,
        string LoserName, int LoserLevel, string? LoserPowers, string LoserPicture, string WinnerTeam, string LoserTeam,
        string? LocationName, string? LocationDescription, string? LocationPicture)
    {
        public static FightRow From(Fight f) => new(f.Id, f.FightDate, f.WinnerName, f.WinnerLevel, f.WinnerPowers, f.WinnerPicture,
            f.LoserName, f.LoserLevel, f.LoserPowers, f.LoserPicture, f.WinnerTeam, f.LoserTeam,
            f.Location?.Name, f.Location?.Description, f.Location?.Picture);

        public Fight AsFight() => new(Id, DateTime.SpecifyKind(FightDate, DateTimeKind.Utc), WinnerName, WinnerLevel, WinnerPowers, WinnerPicture,
            LoserName, LoserLevel, LoserPowers, LoserPicture, WinnerTeam, LoserTeam,
            LocationName is null && LocationDescription is null && LocationPicture is null
                ? null : new FightLocation(LocationName, LocationDescription, LocationPicture));
    }
}
