using Villains.Api;
using SuperHeroes.Catalog.Characters;
using SuperHeroes.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPractice("villains");
builder.AddNpgsqlDataSource("villainsdb");
builder.AddApiDefaults();
builder.Services.AddCharacters<Villain>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapVillainsApi();

app.Run();
