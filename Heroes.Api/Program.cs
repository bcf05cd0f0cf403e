using Heroes.Api;
using SuperHeroes.Catalog.Characters;
using SuperHeroes.Catalog.Data;
using SuperHeroes.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPractice("heroes");
builder.AddNpgsqlDataSource("heroesdb", configureDataSourceBuilder: DatabaseTimeouts.Apply);
builder.AddApiDefaults();
builder.Services.AddCharacters<Hero>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapHeroesApi();

app.Run();
