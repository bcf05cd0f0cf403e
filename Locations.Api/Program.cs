using Locations.Api;
using SuperHeroes.Catalog.Data;
using SuperHeroes.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPractice("locations");
builder.AddNpgsqlDataSource("locationsdb", configureDataSourceBuilder: DatabaseTimeouts.Apply);
builder.AddApiDefaults();
builder.Services.AddLocations();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapLocationsApi();

app.Run();
