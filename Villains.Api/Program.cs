using SuperHeroes.Catalog;
using Villains.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("villainsdb");
builder.AddApiDefaults();
builder.Services.AddCharacterStore<Villain>();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapVillainsApi();

app.Run();

public partial class Program;
