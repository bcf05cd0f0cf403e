using Fights.Api;
using Fights.Api.Storage;
using SuperHeroes.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var practice = builder.AddPractice("fights");
builder.AddNpgsqlDataSource("fightsdb", configureDataSourceBuilder: data => FightStorage.ConfigureDataSource(data, practice));
builder.AddApiDefaults();
builder.AddFights();

var app = builder.Build();

app.UseCors();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapFightsApi();

app.Run();
