using System.Diagnostics;
using System.Globalization;
using System.Net;
using PerfRunner.Load;
using PerfRunner.Metrics;
using PerfRunner.Results;
using PerfRunner.Scenarios;

namespace PerfRunner.Measurement;

/// <summary>A target PerfRunner cannot reach: shown to the user as is, exit code 3.</summary>
public sealed class UnreachableTargetException(string message) : Exception(message);

/// <summary>Runs measured loads against the targets, with service scrapes around each measured window.</summary>
public sealed class Runner(Targets targets, int maxInFlight, bool interactive, TextWriter log) : IDisposable
{
    // As many connections as iterations may be in flight, so --max-in-flight is the one limit on concurrency.
    private readonly HttpClient _client = CreateClient(maxInFlight);
    private readonly HttpClient _scrapeClient = CreateClient(16);

    public static HttpClient CreateClient(int maxConnections) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        // A stalled service must not make the generator open a connection per waiting request.
        MaxConnectionsPerServer = maxConnections,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>
    /// Before the first run: checks the scenario's target answers, makes every service's first scrape, and gives a cold
    /// system its <see cref="RunPlan.ColdWarmup"/> of unmeasured load at the plan's rate, so the measured runs see the
    /// system as it will be, not as it was in its first thousand requests.
    /// </summary>
    /// <returns>The seconds of load given (0 when the system was warm or the plan asks for none).</returns>
    public async Task<double> PrepareAsync(RunPlan plan, IScenario scenario, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await _client.GetAsync(scenario.ProbeUri, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new UnreachableTargetException(
                $"cannot reach {scenario.ProbeUri} ({e.Message}). Start the system with `dotnet run --project AppHost`, " +
                "or point PerfRunner at it with --fights-url/--heroes-url/--villains-url/--locations-url/--url.");
        }
        // Once, before any load: the scrapes around each measured window are then never a service's first.
        var cold = ColdSystem.Find(await new ServiceScraper(_scrapeClient, targets.Services).PrimeAsync(ct));
        if (cold is null || plan.ColdWarmup <= TimeSpan.Zero)
            return 0;
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{cold.Service} has served {cold.Served} request{(cold.Served == 1 ? "" : "s")} since it started: loading the system for " +
            $"{plan.ColdWarmup.TotalSeconds:0.#} s before the first run (--cold-warmup; 0 skips it)"));
        await MeasureAsync(0, plan with { Load = plan.Load with { Duration = plan.ColdWarmup } }, scenario, ct);
        return plan.ColdWarmup.TotalSeconds;
    }

    public async Task<RunSummary> MeasureAsync(int index, RunPlan plan, IScenario scenario, CancellationToken ct)
    {
        var options = plan.Load;
        var scraper = new ServiceScraper(_scrapeClient, targets.Services);
        var engine = new LoadEngine(options, scenario, _client);
        var started = DateTimeOffset.UtcNow;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task progress = Task.CompletedTask;
        long origin = 0;
        MachineCpu? machineCpu = null;
        var observer = new LoadObserver
        {
            Started = recorder =>
            {
                origin = recorder.Origin;
                progress = ProgressLine.RunAsync(recorder, options, index, interactive, log, stop.Token);
            },
            MeasureStarting = async () =>
            {
                await scraper.BeforeAsync(ct);
                machineCpu = MachineCpu.Start();
            },
        };
        using var machine = MachineSpeed.Start();
        var recorded = await engine.RunAsync(observer, ct);
        var machineWalkMs = machine.Stop();
        var walks = machine.PerSecond(origin);
        recorded = recorded with
        {
            TimeSeries = [.. recorded.TimeSeries.Select(w => walks.TryGetValue(w.Second, out var ms) ? w with { WalkMs = ms } : w)],
        };
        await stop.CancelAsync();
        await progress;
        var machineCores = machineCpu?.Cores();
        var services = await scraper.AfterAsync(ct);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
        var gcPause = (GC.GetTotalPauseDuration() - gcBefore).TotalMilliseconds;
        return ResultBuilder.Summarize(index, options, plan.MaxSendLag, recorded, services, started, DateTimeOffset.UtcNow, cpu, gcPause, machineWalkMs,
            machineCores);
    }

    public void Dispose()
    {
        _client.Dispose();
        _scrapeClient.Dispose();
    }
}
