using SuperHeroes.Postgres;

try
{
    var builder = DistributedApplication.CreateBuilder(args);

    var postgres = builder.AddPostgresServer();
    var heroesDb = postgres.AddDatabase("heroesdb", "heroes");
    var villainsDb = postgres.AddDatabase("villainsdb", "villains");
    var locationsDb = postgres.AddDatabase("locationsdb", "locations");
    postgres.AddDatabase("fightsdb", "fights");

    builder.AddService<Projects.Heroes_Api>("heroes", postgres)
        .WithDatabase(heroesDb);
    builder.AddService<Projects.Villains_Api>("villains", postgres)
        .WithDatabase(villainsDb);
    builder.AddService<Projects.Locations_Api>("locations", postgres)
        .WithDatabase(locationsDb);

    builder.Build().Run();
    return 0;
}
catch (PostgresUnavailableException e)
{
    Console.Error.WriteLine($"SuperHeroes AppHost cannot start: {e.Message}");
    return 2;
}
