using SuperHeroes;
using SuperHeroes.Postgres;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    // Ctrl+C returns only once every resource, PostgreSQL included, has stopped; by default DCP cleans up after the
    // AppHost has exited, which left PostgreSQL running for up to a minute (seen by tests/Dashboard.Tests).
    builder.Configuration["DcpPublisher:WaitForResourceCleanup"] ??= "true";

    var postgres = builder.AddPostgresServer();
    var heroesDb = postgres.AddDatabase("heroesdb", "heroes");
    var villainsDb = postgres.AddDatabase("villainsdb", "villains");
    var locationsDb = postgres.AddDatabase("locationsdb", "locations");
    var fightsDb = postgres.AddDatabase("fightsdb", "fights");

    var heroes = builder.AddService<Projects.Heroes_Api>("heroes", postgres)
        .WithDatabase(heroesDb)
        .WithGeneratedRows()
        .WithReseedCommand("/api/heroes");
    var villains = builder.AddService<Projects.Villains_Api>("villains", postgres)
        .WithDatabase(villainsDb)
        .WithGeneratedRows()
        .WithReseedCommand("/api/villains");
    var locations = builder.AddService<Projects.Locations_Api>("locations", postgres)
        .WithDatabase(locationsDb)
        .WithReseedCommand("/api/locations");

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
catch (Exception e) when (e is PostgresUnavailableException or SettingsException)
{
    Console.Error.WriteLine($"SuperHeroes AppHost cannot start: {e.Message}");
    return 2;
}
