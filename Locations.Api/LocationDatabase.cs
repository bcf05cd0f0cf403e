using Dapper;
using Npgsql;
using SuperHeroes.Catalog;
using SuperHeroes.Catalog.Data;

namespace Locations.Api;

/// <summary>The locations table and its seed set (<c>Data/locations.seed</c>: <c>name | type | description</c>).</summary>
public sealed class LocationDatabase(NpgsqlDataSource dataSource, ILogger<LocationDatabase> logger)
    : CatalogDatabase(dataSource, LocationStore.Sql.Table, logger)
{
    protected override string Schema => LocationStore.Sql.Schema;

    protected override async Task<int> SeedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var seed = SeedFile.Read(typeof(Location).Assembly, Location.Kind.Plural, "name | type | description", fields =>
        {
            if (fields.Length != 3)
                return (null, ["wrong field count"]);
            var location = new LocationRequest(fields[0], fields[2], SeedFile.PictureUrl(Location.Kind.Plural, fields[0]), fields[1]);
            return (location, LocationRules.Validate(location).SelectMany(e => e.Value));
        });
        await connection.ExecuteAsync(DatabaseTimeouts.Bulk(LocationStore.Sql.InsertMany, LocationStore.Columns(seed), ct: ct));
        return seed.Count;
    }
}
