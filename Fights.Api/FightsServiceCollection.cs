using Microsoft.Extensions.Http.Resilience;
using Npgsql;
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

    /// <summary>Calls to one service waiting for one of its connections; more than this fall back at once.</summary>
    public const int MaxQueuedCalls = 10_000;

    public static IHostApplicationBuilder AddFights(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DatabaseMetrics>()
            .AddSingleton<FightsMetrics>()
            .AddSingleton<FightStore>()
            .AddSingleton<FightWriter>()
            .AddSingleton<FightService>()
            .AddSingleton<Downstream>()
            .AddSingleton<IFightRandom, SharedFightRandom>()
            .AddSingleton(TimeProvider.System)
            .AddHostedService<FightDatabase>()
            .AddHostedService(sp => sp.GetRequiredService<FightWriter>());

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
                // Two logging handlers per call that log nothing at the configured level; each call is measured and
                // traced anyway (external_request_duration_seconds, the HttpClient spans).
                .RemoveAllLoggers()
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
    /// The pool's size (see <see cref="MaxDatabaseConnections"/>); statements prepared once per connection and kept,
    /// so PostgreSQL does not parse and plan the insert for every fight; no DISCARD ALL sent with each reuse of a
    /// pooled connection (this service sets no session state that would need it).
    /// </summary>
    public static void ConfigureDatabase(NpgsqlDataSourceBuilder data)
    {
        data.ConnectionStringBuilder.MaxPoolSize = MaxDatabaseConnections;
        data.ConnectionStringBuilder.MaxAutoPrepare = 16;
        data.ConnectionStringBuilder.NoResetOnClose = true;
    }

    /// <summary>
    /// One call: at most <see cref="MaxConnectionsPerService"/> at once per service, the others queued before their
    /// clocks start; 2 s in all; each attempt 750 ms; 3 retries 50 ms apart and growing, on connection errors, 5xx and
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
        // Calls beyond the connection cap wait here, before the timeouts start. Waiting for a connection inside the
        // pipeline counted against the 750 ms attempt: a burst timed out, was retried and fed itself (at 225 fights/s
        // the service fell into 23 % fallbacks and stayed there). The queue is bounded; beyond it a call falls back.
        options.RateLimiter.DefaultRateLimiterOptions.PermitLimit = MaxConnectionsPerService;
        options.RateLimiter.DefaultRateLimiterOptions.QueueLimit = MaxQueuedCalls;
    }
}
