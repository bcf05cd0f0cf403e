using PerfRunner.Metrics;

namespace PerfRunner.Tests;

public sealed class PrometheusTests
{
    private const string Before = """
        # HELP http_server_request_duration_seconds Duration of HTTP server requests.
        # TYPE http_server_request_duration_seconds histogram
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.005"} 10
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.01"} 20
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.05"} 20
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="+Inf"} 20
        http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight"} 0.1
        http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight"} 20
        external_request_duration_seconds_bucket{outcome="success",service="heroes",le="0.002"} 5
        external_request_duration_seconds_bucket{outcome="success",service="heroes",le="+Inf"} 5
        external_request_duration_seconds_sum{outcome="success",service="heroes"} 0.005
        external_request_duration_seconds_count{outcome="success",service="heroes"} 5
        dotnet_process_cpu_time_seconds_total{cpu_mode="user"} 10
        """;

    // 100 more requests: 40 under 5 ms, 40 between 5 and 10 ms, 20 between 10 and 50 ms; plus two 500s.
    private const string After = """
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.005"} 50
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.01"} 100
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="0.05"} 120
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight",le="+Inf"} 120
        http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight"} 1.1
        http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/api/fights/execute_fight"} 120
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight",le="0.005"} 2
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight",le="0.01"} 2
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight",le="0.05"} 2
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight",le="+Inf"} 2
        http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight"} 0.004
        http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="500",http_route="/api/fights/execute_fight"} 2
        http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/metrics"} 7
        external_request_duration_seconds_bucket{outcome="success",service="heroes",le="0.002"} 105
        external_request_duration_seconds_bucket{outcome="success",service="heroes",le="+Inf"} 105
        external_request_duration_seconds_sum{outcome="success",service="heroes"} 0.105
        external_request_duration_seconds_count{outcome="success",service="heroes"} 105
        fights_fallbacks_total{service="villains"} 3
        dotnet_process_cpu_time_seconds_total{cpu_mode="user"} 15
        """;

    [Fact]
    public void ParsesNamesLabelsEscapesAndSpecialValues()
    {
        var samples = PrometheusText.Parse("""
            # TYPE x counter
            a_total 3
            b_bucket{le="+Inf",path="/a\"b\\c"} 7 1700000000000
            c{x="1"} NaN
            not a sample line
            """);

        Assert.Equal(3, samples.Count);
        Assert.Equal(("a_total", 3.0), (samples[0].Name, samples[0].Value));
        Assert.Equal("/a\"b\\c", samples[1].Label("path"));
        Assert.Equal("+Inf", samples[1].Label("le"));
        Assert.Equal(7, samples[1].Value);
        Assert.True(double.IsNaN(samples[2].Value));
    }

    [Fact]
    public void BucketDeltasGiveHandComputedPercentilesAndExactMean()
    {
        var metrics = ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(Before), PrometheusText.Parse(After), 5);

        Assert.True(metrics.Valid);
        var route = Assert.Single(metrics.Routes);
        Assert.Equal(("/api/fights/execute_fight", "GET", 102L, 2L), (route.Route, route.Method, route.Requests, route.Errors5xx));
        // Deltas summed over both status codes: ≤5 ms 42, ≤10 ms 82, ≤50 ms 102.
        // p50: rank 51 falls in (5, 10] with 40 before it → 5 + 5 × (51 − 42) / 40 = 6.125 ms.
        Assert.Equal(6.125, route.Latency.P50Ms, 3);
        // p95: rank 96.9 in (10, 50] → 10 + 40 × (96.9 − 82) / 20 = 39.8 ms.
        Assert.Equal(39.8, route.Latency.P95Ms, 3);
        // Mean: (1.1 − 0.1 + 0.004) s / 102 = 9.843 ms.
        Assert.Equal(9.843, route.Latency.MeanMs, 3);
        var heroes = Assert.Single(metrics.Downstream);
        Assert.Equal(("heroes", 100L, 1.0), (heroes.Service, heroes.Calls, heroes.Latency.MeanMs));
        Assert.Equal(3, metrics.Fallbacks["villains"]);
        Assert.Equal(1.0, metrics.CpuCores, 3);
    }

    [Theory]
    [InlineData("configuration=\"Debug\",optimized=\"false\"", "Debug", false)]
    [InlineData("configuration=\"Release\",optimized=\"true\"", "Release", true)]
    public void TheServicesBuildIsReadFromItsBuildInfo(string labels, string configuration, bool optimized)
    {
        var after = PrometheusText.Parse(After + $"\nservice_build_info{{otel_scope_name=\"SuperHeroes.Build\",{labels}}} 1\n");

        var metrics = ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(Before), after, 5);

        Assert.Equal((configuration, optimized), (metrics.Build, metrics.Optimized));
        // A service that does not say how it was built is not guessed at.
        Assert.Null(ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(Before), PrometheusText.Parse(After), 5).Optimized);
    }

    [Fact]
    public void WhenTheServicesProcessStartedIsReadFromItsStartTime()
    {
        var after = PrometheusText.Parse(After + "\nprocess_start_time_seconds{otel_scope_name=\"SuperHeroes.Build\"} 1765022400.125\n");

        var metrics = ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(Before), after, 5);

        Assert.Equal(new DateTimeOffset(2025, 12, 6, 12, 0, 0, 125, TimeSpan.Zero), metrics.StartedAtUtc);
        Assert.Null(ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(Before), PrometheusText.Parse(After), 5).StartedAtUtc);
    }

    [Fact]
    public void ACounterThatWentDownMarksTheServiceInvalid()
    {
        var metrics = ServiceMetrics.FromScrapes("fights", "http://x/metrics", PrometheusText.Parse(After), PrometheusText.Parse(Before), 5);

        Assert.False(metrics.Valid);
        Assert.Contains("restarted", metrics.Problem);
        Assert.Empty(metrics.Routes);
    }

    [Fact]
    public void QuantileInTheInfiniteBucketIsTheHighestFiniteBound()
    {
        var h = new BucketHistogram();
        h.AddBucket(0.1, 1);
        h.AddBucket(double.PositiveInfinity, 10);

        Assert.Equal(0.1, h.Quantile(0.99));
        Assert.Equal(0.05, h.Quantile(0.05), 6);
    }

    [Fact]
    public void GaugesAndUpDownCountersThatGoDownAreNotRestarts()
    {
        var before = PrometheusText.Parse("""
            db_client_connection_count{state="used"} 5
            dotnet_thread_pool_queue_length_total 40
            x_bucket{le="+Inf"} 3
            x_count 3
            """);
        var after = PrometheusText.Parse("""
            db_client_connection_count{state="used"} 1
            dotnet_thread_pool_queue_length_total 2
            x_bucket{le="+Inf"} 4
            x_count 4
            """);

        Assert.Null(Deltas.Compute(before, after).Reset);
        Assert.NotNull(Deltas.Compute(after, before).Reset);
    }
}
