using System.Diagnostics;

namespace PerfRunner.Metrics;

/// <summary>
/// Scrapes every service's /metrics just before the measured window opens and again after the last response, and turns the
/// two into deltas. A failed scrape marks that service's figures unavailable; it never fails the load test.
/// </summary>
public sealed class ServiceScraper(HttpClient client, IReadOnlyDictionary<string, Uri> services)
{
    private Dictionary<string, (IReadOnlyList<Sample>? Samples, string? Error)> _before = [];
    private long _beforeAt;

    /// <summary>
    /// A scrape whose figures are thrown away, made once before any load: a service's first scrape is slow (its
    /// exporter's code is compiled on first use), and made at the window's start with all four services under load it
    /// stalled them right inside the measurement, enough to multiply its p99 (docs/performance.md).
    /// </summary>
    /// <returns>What each service's metrics said (null where the scrape failed).</returns>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Sample>?>> PrimeAsync(CancellationToken ct) =>
        (await ScrapeAllAsync(ct)).ToDictionary(s => s.Key, s => s.Value.Samples);

    public async Task BeforeAsync(CancellationToken ct)
    {
        _beforeAt = Stopwatch.GetTimestamp();
        _before = await ScrapeAllAsync(ct);
    }

    public async Task<IReadOnlyList<ServiceMetrics>> AfterAsync(CancellationToken ct)
    {
        var after = await ScrapeAllAsync(ct);
        var window = Stopwatch.GetElapsedTime(_beforeAt).TotalSeconds;
        return services.Select(s =>
        {
            var url = new Uri(s.Value, "metrics").ToString();
            var (beforeSamples, beforeError) = _before.GetValueOrDefault(s.Key);
            var (afterSamples, afterError) = after[s.Key];
            if (beforeSamples is null || afterSamples is null)
            {
                return ServiceMetrics.Unavailable(s.Key, url, $"scrape failed: {beforeError ?? afterError ?? "not scraped before the window"}");
            }
            return ServiceMetrics.FromScrapes(s.Key, url, beforeSamples, afterSamples, window);
        }).ToList();
    }

    private async Task<Dictionary<string, (IReadOnlyList<Sample>? Samples, string? Error)>> ScrapeAllAsync(CancellationToken ct)
    {
        var scrapes = services.Select(async s => (s.Key, Result: await ScrapeAsync(new Uri(s.Value, "metrics"), ct)));
        return (await Task.WhenAll(scrapes)).ToDictionary(x => x.Key, x => x.Result);
    }

    private async Task<(IReadOnlyList<Sample>?, string?)> ScrapeAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await client.GetAsync(url, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{url} answered {(int)response.StatusCode}");
            }
            return (PrometheusText.Parse(await response.Content.ReadAsStringAsync(timeout.Token)), null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return (null, $"{url}: {e.Message}");
        }
    }
}
