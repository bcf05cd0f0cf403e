using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// <c>db_query_duration_seconds{query_type}</c>, the histogram the Python system's workflow reads, timed around the
/// whole data-access call (pool wait included) so that it answers "how long did the database part take".
/// </summary>
public sealed class DatabaseMetrics
{
    private readonly Histogram<double> _queryDuration;

    public DatabaseMetrics(IMeterFactory meterFactory, IHostEnvironment environment)
    {
        var meter = meterFactory.Create(environment.ApplicationName);
        _queryDuration = meter.CreateHistogram(
            "db.query.duration",
            unit: "s",
            description: "Database query duration in seconds",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds });
    }

    public QueryTimer Time(string queryType) => new(_queryDuration, queryType, Stopwatch.GetTimestamp());

    public readonly struct QueryTimer(Histogram<double> histogram, string queryType, long started) : IDisposable
    {
        public void Dispose() =>
            histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("query_type", queryType));
    }
}
