using System.Diagnostics;
using System.Net;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using ServiceDefaults;

namespace Fights.Api.Downstream;

/// <summary>The services a fight calls, by their service-discovery names (also their named clients).</summary>
public static class DownstreamServices
{
    public const string Heroes = "heroes";
    public const string Villains = "villains";
    public const string Locations = "locations";

    public static readonly string[] All = [Heroes, Villains, Locations];
}

/// <summary>
/// Calls to the heroes, villains and locations services, found by service discovery. Each has its own resilience
/// pipeline (timeouts, retries, circuit breaker: see <see cref="DownstreamResilience"/>); every call is measured, and
/// a failed call answers null so that the fight can fall back.
/// </summary>
public sealed class DownstreamClient(IHttpClientFactory clients, FightsMetrics metrics, ILogger<DownstreamClient> logger)
{
    public async Task<T?> GetJsonAsync<T>(string service, string path, CancellationToken ct) where T : class
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            using var response = await clients.CreateClient(service).GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            // The called service's own time: the rest of the call went to the connection, the network and queueing.
            if (response.Headers.TryGetValues(ServerTimingHeader.Name, out var timing) && ServerTimingHeader.Read(timing, ServerTimingHeader.App) is { } app)
                ServerTiming.Record(ServerTimingHeader.OwnTimeOf(service), TimeSpan.FromMilliseconds(app));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                outcome = "not_found";
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                outcome = $"status_{(int)response.StatusCode}";
                return null;
            }
            var value = await response.Content.ReadFromJsonAsync<T>(ct);
            outcome = "success";
            return value;
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            outcome = failure;
            logger.LogDebug(e, "GET {Service}{Path} failed: {Outcome}", service, path, outcome);
            return null;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.RecordExternal(service, outcome, elapsed);
            ServerTiming.Record(service, elapsed);
        }
    }

    public async Task<string?> GetTextAsync(string service, string path, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(service).GetAsync(path, ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
        }
        catch (Exception e) when (Failure(e) is not null)
        {
            return null;
        }
    }

    // What went wrong downstream, or null for an exception that is not the other service's failure.
    private static string? Failure(Exception e) => e switch
    {
        BrokenCircuitException => "circuit_open",
        RateLimiterRejectedException => "rejected",
        TimeoutRejectedException => "timeout",
        // The caller's deadline (randomfighters' 4 s bound) or an aborted request: either way the call is over.
        OperationCanceledException => "timeout",
        HttpRequestException => "unreachable",
        System.Text.Json.JsonException or NotSupportedException => "invalid_response",
        _ => null,
    };
}
