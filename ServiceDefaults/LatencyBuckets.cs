using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

public static class LatencyBuckets
{
    // Requests on this system take well under a millisecond to a few seconds. The default request-duration buckets
    // start at 5 ms, which hides every sub-millisecond change a performance run is looking for, so every duration
    // histogram (seconds) gets the same finer bounds; PerfRunner computes its percentiles from them.
    public static readonly double[] Seconds =
    [
        0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.0075,
        0.01, 0.015, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10,
    ];

    public static MeterProviderBuilder AddLatencyBuckets(this MeterProviderBuilder metrics) =>
        metrics.AddView(instrument =>
            instrument is System.Diagnostics.Metrics.Histogram<double> && instrument.Unit == "s"
                ? new ExplicitBucketHistogramConfiguration { Boundaries = Seconds }
                : null);
}
