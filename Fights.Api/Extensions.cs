using Fights.Api.Downstream;
using Fights.Api.Storage;

namespace Fights.Api;

public static class Extensions
{
    /// <summary>The fight flow, its calls to the other services and its storage.</summary>
    public static IHostApplicationBuilder AddFights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FightsMetrics>()
            .AddSingleton<FightService>()
            .AddSingleton<IFightRandom, SharedFightRandom>()
            .AddSingleton(TimeProvider.System)
            .AddDownstreamClients()
            .AddFightStorage();

        // A fights UI served from another origin calls this API from the browser.
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
        return builder;
    }
}
