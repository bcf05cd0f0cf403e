using SuperHeroes.Postgres;

try
{
    var builder = DistributedApplication.CreateBuilder(args);

    var postgres = builder.AddPostgresServer();
    var heroesDb = postgres.AddDatabase("heroesdb", "heroes");
    var villainsDb = postgres.AddDatabase("villainsdb", "villains");
    var locationsDb = postgres.AddDatabase("locationsdb", "locations");
    var fightsDb = postgres.AddDatabase("fightsdb", "fights");

    var heroes = builder.AddService<Projects.Heroes_Api>("heroes", postgres)
        .WithDatabase(heroesDb)
        .WithGeneratedRows();
    var villains = builder.AddService<Projects.Villains_Api>("villains", postgres)
        .WithDatabase(villainsDb)
        .WithGeneratedRows();
    var locations = builder.AddService<Projects.Locations_Api>("locations", postgres)
        .WithDatabase(locationsDb);

    var fights = builder.AddService<Projects.Fights_Api>("fights", postgres)
        .WithDatabase(fightsDb)
        .WithService(heroes)
        .WithService(villains)
        .WithService(locations);

    builder.AddPerfRunner<Projects.PerfRunner>("perfrunner")
        .WithService(fights)
        .WithService(heroes)
        .WithService(villains)
        .WithService(locations);

    builder.Build().Run();
    return 0;
}
catch (PostgresUnavailableException e)
{
    Console.Error.WriteLine($"SuperHeroes AppHost cannot start: {e.Message}");
    return 2;
}
