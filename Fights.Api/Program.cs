using Fights.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("fightsdb", configureDataSourceBuilder: FightsServiceCollection.ConfigureDatabase);
builder.AddApiDefaults();
builder.AddFights();

var app = builder.Build();

app.UseCors();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapFightsApi();

app.Run();

public partial class Program;
