using SuperHeroes.Postgres;

try
{
    var builder = DistributedApplication.CreateBuilder(args);

    var postgres = builder.AddPostgresServer();
    var heroesDb = postgres.AddDatabase("heroesdb", "heroes");
    postgres.AddDatabase("villainsdb", "villains");
    postgres.AddDatabase("locationsdb", "locations");
    postgres.AddDatabase("fightsdb", "fights");

    builder.AddService<Projects.Heroes_Api>("heroes", postgres)
        .WithDatabase(heroesDb);

    builder.Build().Run();
    return 0;
}
catch (PostgresUnavailableException e)
{
    Console.Error.WriteLine($"SuperHeroes AppHost cannot start: {e.Message}");
    return 2;
}
