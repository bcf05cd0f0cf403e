using Microsoft.Extensions.Http.Resilience;
using SuperHeroes.Practice;

namespace Fights.Api.Downstream;

/// <summary>How fights calls the other services: a named client per service, its connection cap and its resilience.</summary>
public static class DownstreamResilience
{
    /// <summary>
    /// Connections to each downstream service. Without a cap a burst made the service open a connection per waiting
    /// call, each with its handshake, and the extra CPU fed the queue it came from: latency reached seconds and stayed
    /// there. With a cap, a burst waits a moment for a warm connection instead.
    /// </summary>
    public const int MaxConnectionsPerService = 64;

    /// <summary>Calls to one service waiting for one of its connections; more than this fall back at once.</summary>
    public const int MaxQueuedCalls = 10_000;

    public static IServiceCollection AddDownstreamClients(this IServiceCollection services)
    {
        services.AddSingleton<DownstreamClient>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is still marked experimental.
        foreach (var service in DownstreamServices.All)
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
                .AddStandardResilienceHandler()
                .Configure((options, provider) =>
                {
                    Configure(options);
                    if (provider.GetRequiredService<PracticeSettings>().IsOn(PracticeCatalogue.RetryStorm))
                        RetryWithoutRestraint(options);
                });
        }
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary>
    /// One call: at most <see cref="MaxConnectionsPerService"/> at once per service, the others queued before their
    /// clocks start; 2 s in all; each attempt 750 ms; 3 retries 50 ms apart and growing, on connection errors, 5xx and
    /// timeouts (never on 404); a breaker per service that opens for 2 s when half of at least 8 calls in 10 s fail.
    /// </summary>
    private static void Configure(HttpStandardResilienceOptions options)
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
        // pipeline counted against the 750 ms attempt: a burst timed out, was retried and fed itself into lasting
        // fallbacks. The queue is bounded; beyond it a call falls back.
        options.RateLimiter.DefaultRateLimiterOptions.PermitLimit = MaxConnectionsPerService;
        options.RateLimiter.DefaultRateLimiterOptions.QueueLimit = MaxQueuedCalls;
    }

    /// <summary>
    /// The practice bottleneck RetryStorm: a failed attempt is retried at once, again and again until the call's 2 s
    /// are spent, and the breaker never opens. Against a service that fails for lack of capacity every retry is more
    /// of what it lacks.
    /// </summary>
    private static void RetryWithoutRestraint(HttpStandardResilienceOptions options)
    {
        options.Retry.MaxRetryAttempts = int.MaxValue;
        options.Retry.Delay = TimeSpan.Zero;
        options.Retry.BackoffType = Polly.DelayBackoffType.Constant;
        options.Retry.UseJitter = false;
        options.CircuitBreaker.FailureRatio = 1;
        options.CircuitBreaker.MinimumThroughput = int.MaxValue;
    }
}
