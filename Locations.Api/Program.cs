using Locations.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("locationsdb");
builder.AddApiDefaults();
builder.Services.AddLocations();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapLocationsApi();

app.Run();
