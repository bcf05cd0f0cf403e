using SuperHeroes.Catalog.Characters;
using SuperHeroes.Catalog.Data;
using SuperHeroes.Practice;
using Villains.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPractice("villains");
builder.AddNpgsqlDataSource("villainsdb", configureDataSourceBuilder: DatabaseTimeouts.Apply);
builder.AddApiDefaults();
builder.Services.AddCharacters<Villain>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapVillainsApi();

app.Run();
