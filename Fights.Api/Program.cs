using Fights.Api;
using Fights.Api.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("fightsdb", configureDataSourceBuilder: FightStorage.ConfigureDataSource);
builder.AddApiDefaults();
builder.AddFights();

var app = builder.Build();

app.UseCors();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapFightsApi();

app.Run();
