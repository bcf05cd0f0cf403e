using PerfRunner.Load;
using PerfRunner.Measurement;
using PerfRunner.Scenarios;

namespace PerfRunner.Tests;

public sealed class LoadEngineTests
{
    private static async Task<RecordedRun> RunAsync(Uri uri, LoadProfile options)
    {
        using var client = Runner.CreateClient(options.MaxInFlight);
        var engine = new LoadEngine(options, new GetScenario("url", "url", uri), client);
        return await engine.RunAsync(null, CancellationToken.None);
    }

    [Fact]
    public async Task AchievedRateIsWithinOnePercentOfTheTargetAtOneThousandPerSecond()
    {
        await using var server = await TestServer.StartAsync();
        var run = await RunAsync(new Uri(server.BaseUri, "ok"),
            // In-flight room for seconds of stall: this test is about the rate, and CI runs other test projects beside it.
            new LoadProfile(1000, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), 5000, OverflowPolicy.Drop, TimeSpan.FromSeconds(10)));

        Assert.Equal(3000, run.Intended);
        Assert.True(run.Dropped == 0, string.Join(" | ", run.TimeSeries.Select(w => $"{w.Second}: sent {w.Sent} dropped {w.Dropped} completed {w.Completed} p99 {w.P99Ms}")));
        Assert.Equal(0, run.Failed);
        // Completions per measured second, from the windows the run recorded (not from the schedule's arithmetic).
        var measured = run.TimeSeries.Where(w => !w.Warmup).ToList();
        var completedPerSecond = (double)measured.Sum(w => w.Completed) / measured.Count;
        Assert.InRange(completedPerSecond, 990, 1010);
        Assert.InRange(run.Completed, 2970, 3000);
    }

    /// <summary>
    /// 100/s for 3 s, one iteration in flight at most, while the server stalls for 1 s from the 60th request on (a
    /// request count, not a clock: on a busy machine the run may be behind any wall-clock guess).
    /// </summary>
    private static async Task<RecordedRun> RunThroughAStallAsync(OverflowPolicy overflow)
    {
        await using var server = await TestServer.StartAsync();
        var stall = server.StallAtRequest(60, TimeSpan.FromSeconds(1));
        var run = await RunAsync(new Uri(server.BaseUri, "stall"),
            new LoadProfile(100, TimeSpan.FromSeconds(3), TimeSpan.Zero, 1, overflow, TimeSpan.FromSeconds(10)));
        await stall.WaitAsync(TimeSpan.FromSeconds(30));
        return run;
    }

    [Fact]
    public async Task AStallShowsInCorrectedLatencyWhileTheUncorrectedLatencyHidesIt()
    {
        // Arrivals queued behind the one request in flight: the closed-loop situation where coordinated omission bites.
        var run = await RunThroughAStallAsync(OverflowPolicy.Queue);

        var corrected = run.Latency.Summarize("intended");
        Assert.Equal(0, run.Failed);
        Assert.True(corrected.P99 >= 900, $"corrected p99 {corrected.P99} ms should show the 1 s stall");
        Assert.True(corrected.Max >= 950, $"corrected max {corrected.Max} ms");
        Assert.True(run.ServiceTime.P99 < 500, $"uncorrected p99 {run.ServiceTime.P99} ms hides the stall: only one request saw it");
        Assert.True(run.SendLag.P99 >= 900, $"the queued arrivals were sent late: send lag p99 {run.SendLag.P99} ms");
    }

    [Fact]
    public async Task ArrivalsBeyondTheInFlightLimitAreCountedAsDropped()
    {
        var run = await RunThroughAStallAsync(OverflowPolicy.Drop);

        // About one second of arrivals at 100/s found the only slot taken (more if this machine is busy; the 60 requests
        // before the stall were sent, so never more than 240).
        Assert.InRange(run.Dropped, 85, 240);
        Assert.Equal(300, run.Intended);
        Assert.Equal(run.Intended, run.Sent + run.Dropped);
        Assert.Equal(run.Dropped, run.TimeSeries.Sum(w => w.Dropped));
    }

    [Theory]
    [InlineData(1.0, "01")]
    [InlineData(0.0, "00")]
    public async Task EveryRequestCarriesItsIterationsTraceWithTheSampledFlagTheTracedShareAsksFor(double share, string flag)
    {
        await using var server = await TestServer.StartAsync();
        var run = await RunAsync(new Uri(server.BaseUri, "ok"),
            new LoadProfile(50, TimeSpan.FromSeconds(1), TimeSpan.Zero, 100, OverflowPolicy.Drop, TimeSpan.FromSeconds(10), share));

        var headers = server.TraceParents.ToList();
        Assert.Equal(50, headers.Count);
        Assert.All(headers, h => Assert.Matches($"^00-[0-9a-f]{{32}}-[0-9a-f]{{16}}-{flag}$", h));
        var traceIds = headers.Select(h => h!.Split('-')[1]).ToList();
        Assert.Equal(50, traceIds.Distinct().Count());
        // The slowest iterations are kept with the trace they were sent with, slowest first.
        Assert.Equal(RunRecorder.SlowestKept, run.Slowest.Count);
        Assert.All(run.Slowest, s => Assert.Contains(s.TraceId, traceIds));
        Assert.All(run.Slowest, s => Assert.Equal(share == 1, s.Traced));
        Assert.Equal(run.Slowest.OrderByDescending(s => s.LatencyMs), run.Slowest);
        // The run's maximum, within the histogram's precision.
        var maxMs = run.Latency.Summarize("intended").Max;
        Assert.InRange(run.Slowest[0].LatencyMs, maxMs * 0.99 - 0.01, maxMs * 1.01 + 0.01);
    }

    [Fact]
    public async Task WithoutWarmUpTheWindowsOpeningWorkRunsBeforeAnyRequestIsSent()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Runner.CreateClient(100);
        var engine = new LoadEngine(new LoadProfile(50, TimeSpan.FromSeconds(1), TimeSpan.Zero, 100, OverflowPolicy.Drop, TimeSpan.FromSeconds(10)),
            new GetScenario("url", "url", new Uri(server.BaseUri, "ok")), client);
        int? requestsWhenItRan = null;

        var run = await engine.RunAsync(new LoadObserver
        {
            // A scrape of every service costs them CPU: it must not fall inside the measured window.
            MeasureStarting = async () =>
            {
                await Task.Delay(200);
                requestsWhenItRan = server.TraceParents.Count;
            },
        }, CancellationToken.None);

        Assert.Equal(0, requestsWhenItRan);
        Assert.Equal(50, run.Completed);
    }

    [Fact]
    public async Task ErrorsAreCountedByKindAndStatusCode()
    {
        await using var server = await TestServer.StartAsync();
        var run = await RunAsync(new Uri(server.BaseUri, "fail"),
            new LoadProfile(50, TimeSpan.FromSeconds(1), TimeSpan.Zero, 100, OverflowPolicy.Drop, TimeSpan.FromSeconds(10)));

        Assert.Equal(50, run.Failed);
        Assert.Equal(50, run.Errors["http_5xx"]);
        Assert.Equal(50, run.StatusCodes["500"]);
        Assert.Equal(50, Assert.Single(run.Requests).Errors["http_5xx"]);
    }
}
