using Locations.Api;
using SuperHeroes.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPractice("locations");
builder.AddNpgsqlDataSource("locationsdb");
builder.AddApiDefaults();
builder.Services.AddLocations();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapLocationsApi();

app.Run();
