// The least a fight can cost on this machine in this shape: four processes, the fight's three calls in parallel over
// pooled HTTP/1.1 connections and its row committed before the answer, and nothing else (no telemetry, no resilience,
// no logging, no health checks, no service discovery). What the real services spend beyond this is theirs to win back;
// what this costs, the machine's. Run by benchmarks/fight-floor.sh.
//   FightFloor catalog PORT
//   FightFloor fights PORT CONNECTION-STRING HERO-URL VILLAIN-URL LOCATION-URL   (each a random row's URL)
using Npgsql;

if (args is not ["catalog", _] and not ["fights", _, _, _, _, _] || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: FightFloor catalog PORT | FightFloor fights PORT CONNECTION-STRING HERO-URL VILLAIN-URL LOCATION-URL");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();

if (args[0] == "catalog")
{
    // A row the size of a hero's answer, drawn at random from memory: the catalogs serve random rows from batches too.
    var rows = Enumerable.Range(1, 1000).Select(i => new Character(i, $"Character {i:00000}", $"Also known as {i}",
        i % 100 + 1, $"https://example.org/pictures/{i}.jpg", "Flight, Strength, Speed")).ToArray();
    app.MapGet("/random", () => rows[Random.Shared.Next(rows.Length)]);
}
else
{
    // Lives as long as the process: the endpoint below uses it until the host stops.
    var data = NpgsqlDataSource.Create(args[2]);
    await using (var create = data.CreateCommand("""
        CREATE TABLE IF NOT EXISTS fights (id bigserial PRIMARY KEY, fight_date timestamptz NOT NULL,
            winner_name text NOT NULL, winner_level int NOT NULL, loser_name text NOT NULL, loser_level int NOT NULL,
            location_name text NOT NULL)
        """))
        await create.ExecuteNonQueryAsync();
    var urls = args[3..].Select(url => new Uri(url)).ToArray();
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false });

    app.MapGet("/fight", async (CancellationToken ct) =>
    {
        var calls = urls.Select(url => client.GetFromJsonAsync<Character>(url, ct)).ToArray();
        var (hero, villain, location) = (await calls[0], await calls[1], await calls[2]);
        var heroWins = hero!.Level + Random.Shared.Next(20) >= villain!.Level + Random.Shared.Next(20);
        var (winner, loser) = heroWins ? (hero, villain) : (villain, hero);
        var fight = new Fight(DateTimeOffset.UtcNow, winner.Name, winner.Level, loser.Name, loser.Level, location!.Name);
        await using var insert = data.CreateCommand("""
            INSERT INTO fights (fight_date, winner_name, winner_level, loser_name, loser_level, location_name)
            VALUES ($1, $2, $3, $4, $5, $6)
            """);
        insert.Parameters.Add(new() { Value = fight.FightDate });
        insert.Parameters.Add(new() { Value = fight.WinnerName });
        insert.Parameters.Add(new() { Value = fight.WinnerLevel });
        insert.Parameters.Add(new() { Value = fight.LoserName });
        insert.Parameters.Add(new() { Value = fight.LoserLevel });
        insert.Parameters.Add(new() { Value = fight.LocationName });
        await insert.ExecuteNonQueryAsync(ct);
        return fight;
    });
}

await app.RunAsync();
return 0;

internal sealed record Character(long Id, string Name, string OtherName, int Level, string Picture, string Powers);

internal sealed record Fight(DateTimeOffset FightDate, string WinnerName, int WinnerLevel, string LoserName, int LoserLevel, string LocationName);
