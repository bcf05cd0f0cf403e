using Heroes.Api;
using SuperHeroes.Catalog;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("heroesdb");
builder.AddApiDefaults();
builder.Services.AddCharacterStore<Hero>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapHeroesApi();

app.Run();

public partial class Program;
