using Villains.Api;
using SuperHeroes.Catalog.Characters;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("villainsdb");
builder.AddApiDefaults();
builder.Services.AddCharacters<Villain>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapVillainsApi();

app.Run();
