using Heroes.Api;
using SuperHeroes.Catalog.Characters;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("heroesdb");
builder.AddApiDefaults();
builder.Services.AddCharacters<Hero>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapHeroesApi();

app.Run();
