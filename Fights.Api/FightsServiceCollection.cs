using Microsoft.Extensions.Http.Resilience;
using SuperHeroes.Catalog;

namespace Fights.Api;

public static class FightsServiceCollection
{
    /// <summary>
    /// Connections to each downstream service, and to fightsdb. Without a cap a burst made the service open a
    /// connection per waiting call (494 to heroes, 100 to PostgreSQL, each with its handshake and SCRAM
    /// authentication) and the extra CPU fed the queue it came from: at 200 fights/s latency reached seconds and stayed
    /// there. With a cap, a burst waits a moment for a warm connection instead.
    /// </summary>
    public const int MaxConnectionsPerService = 64;
    public const int MaxDatabaseConnections = 32;

    public static IHostApplicationBuilder AddFights(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DatabaseMetrics>()
            .AddSingleton<FightsMetrics>()
            .AddSingleton<FightStore>()
            .AddSingleton<FightService>()
            .AddSingleton<Downstream>()
            .AddSingleton<IFightRandom, SharedFightRandom>()
            .AddSingleton(TimeProvider.System)
            .AddHostedService<FightDatabase>();

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is still marked experimental.
        foreach (var service in new[] { Downstream.Heroes, Downstream.Villains, Downstream.Locations })
        {
            services.AddHttpClient(service, client => client.BaseAddress = new Uri($"https+http://{service}"))
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = MaxConnectionsPerService,
                    UseProxy = false,
                    UseCookies = false,
                })
                // The defaults' pipeline retries for 2 s between attempts and waits 30 s in all; a fight cannot.
                .RemoveAllResilienceHandlers()
                .AddStandardResilienceHandler(ConfigureDownstream);
        }
#pragma warning restore EXTEXP0001

        // A fights UI served from another origin calls this API from the browser.
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
        return builder;
    }

    /// <summary>
    /// One call: 2 s in all; each attempt 750 ms; 3 retries 50 ms apart and growing, on connection errors, 5xx and
    /// timeouts (never on 404); a breaker per service that opens for 2 s when half of at least 8 calls in 10 s fail.
    /// </summary>
    public static void ConfigureDownstream(HttpStandardResilienceOptions options)
    {
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(2);
        options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(750);
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.CircuitBreaker.FailureRatio = 0.5;
        options.CircuitBreaker.MinimumThroughput = 8;
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
        options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(2);
        // The default 1,000 concurrent calls would turn a load test's burst into errors of our own making.
        options.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 10_000;
    }
}
