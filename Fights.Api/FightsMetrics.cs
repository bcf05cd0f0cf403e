using System.Diagnostics.Metrics;

namespace Fights.Api;

/// <summary>
/// <c>external_request_duration_seconds{service, outcome}</c> (the histogram the Python workflow greps for),
/// <c>fights_fallbacks_total{service}</c>, <c>fights_total{winner_team}</c> and <c>fights_insert_batch_size</c>.
/// </summary>
public sealed class FightsMetrics
{
    private readonly Histogram<double> _externalDuration;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _fights;
    private readonly Histogram<int> _batchSize;

    public FightsMetrics(IMeterFactory meterFactory, IHostEnvironment environment)
    {
        var meter = meterFactory.Create(environment.ApplicationName);
        _externalDuration = meter.CreateHistogram(
            "external.request.duration", unit: "s",
            description: "Duration of a call to another service, retries included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds });
        _fallbacks = meter.CreateCounter<long>("fights.fallbacks", description: "Fallback fighters or locations used, by service");
        _fights = meter.CreateCounter<long>("fights", description: "Fights stored, by winning team");
        _batchSize = meter.CreateHistogram(
            "fights.insert.batch.size", unit: "{fight}", description: "Fights stored by one statement and commit",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
    }

    public void RecordExternal(string service, string outcome, TimeSpan duration) =>
        _externalDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("outcome", outcome));

    public void CountFallback(string service) => _fallbacks.Add(1, new KeyValuePair<string, object?>("service", service));

    public void RecordBatch(int size) => _batchSize.Record(size);

    public void CountFight(string winnerTeam) => _fights.Add(1, new KeyValuePair<string, object?>("winner_team", winnerTeam));
}
