using System.Collections.Concurrent;
using System.Diagnostics;

namespace PerfRunner.Load;

/// <summary>Hooks into a running load: where to read live figures, and work to do just before the measured window opens.</summary>
public sealed class LoadObserver
{
    public Action<RunRecorder>? Started { get; init; }

    /// <summary>Runs <see cref="LoadEngine.MeasureStartingLead"/> before the measured window, or before any load.</summary>
    public Func<Task>? MeasureStarting { get; init; }
}

/// <summary>
/// Open-model load: arrival i is due at t0 + i/rate whatever the system does. One dedicated thread wakes about every
/// millisecond (Thread.Sleep(1); the runtime's timers tick at 4 ms here) and releases every arrival that is due, so the
/// schedule never drifts; each iteration runs on the thread pool and is measured from its intended time.
/// </summary>
public sealed class LoadEngine(LoadProfile options, IScenario scenario, HttpClient client)
{
    /// <summary>
    /// How long before the measured window <see cref="LoadObserver.MeasureStarting"/> runs. Its work (scraping every
    /// service's metrics) costs the services CPU; run at the window's start it delayed the window's first iterations
    /// and made most of the slowest ones of a quiet run. With this lead the disturbance falls in the warm-up.
    /// </summary>
    public static readonly TimeSpan MeasureStartingLead = TimeSpan.FromSeconds(0.5);

    private readonly ConcurrentQueue<long> _pending = new();
    private int _inFlight;
    private RunRecorder _recorder = null!;
    private CancellationToken _token;

    public async Task<RecordedRun> RunAsync(LoadObserver? observer, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Rate);
        var freq = Stopwatch.Frequency;
        var hook = observer?.MeasureStarting;
        // A warm-up too short to hold the hook's lead: the hook runs before any load, and the window waits for it.
        var hookFirst = hook is not null && options.Warmup < MeasureStartingLead;
        if (hookFirst)
        {
            await hook!();
        }
        // A short lead so that the first arrivals are not late because of this method's own start-up.
        var t0 = Stopwatch.GetTimestamp() + freq / 50;
        var measureStart = t0 + (long)(options.Warmup.TotalSeconds * freq);
        var measureEnd = measureStart + (long)(options.Duration.TotalSeconds * freq);
        _recorder = new RunRecorder(t0, measureStart, measureEnd, RunRecorder.SlowestFor(options.Rate * options.Duration.TotalSeconds));
        _token = ct;
        observer?.Started?.Invoke(_recorder);

        var atMeasureStart = Task.Run(async () =>
        {
            if (hook is null || hookFirst)
            {
                return;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureStart) - MeasureStartingLead;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            await hook();
        }, ct);

        var schedule = new ArrivalSchedule(options.Rate, options.Warmup.TotalSeconds, options.Duration.TotalSeconds);
        // The scheduler signals its end; joining it would block a thread-pool thread for the whole run, and with the
        // pool's minimum of one thread per core that starved the requests' continuations (arrivals were dropped).
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                Schedule(t0, schedule);
                scheduled.SetResult();
            }
            catch (Exception e)
            {
                scheduled.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "PerfRunner scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        scheduler.Start();
        await scheduled.Task;
        await DrainAsync();
        try
        {
            await atMeasureStart;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return _recorder.Snapshot();
    }

    private void Schedule(long t0, ArrivalSchedule schedule)
    {
        SchedulerPriority.TryRaise();
        var total = schedule.Total;
        long i = 0;
        while (i < total && !_token.IsCancellationRequested)
        {
            StartPending();
            var now = Stopwatch.GetTimestamp();
            long due;
            while (i < total && (due = t0 + (long)(schedule.DueSeconds(i) * Stopwatch.Frequency)) <= now)
            {
                Dispatch(due);
                i++;
            }
            if (i < total)
            {
                Thread.Sleep(1);
            }
        }
    }

    private void Dispatch(long due)
    {
        if (options.Overflow == OverflowPolicy.Queue && (!_pending.IsEmpty || !TryAcquire()))
        {
            _pending.Enqueue(due);
            return;
        }
        if (options.Overflow == OverflowPolicy.Drop && !TryAcquire())
        {
            _recorder.RecordDropped(due);
            return;
        }
        Start(due);
    }

    private bool TryAcquire()
    {
        if (Interlocked.Increment(ref _inFlight) <= options.MaxInFlight)
        {
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    private void StartPending()
    {
        while (!_pending.IsEmpty && TryAcquire())
        {
            if (_pending.TryDequeue(out var due))
            {
                Start(due);
            }
            else
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    // Started on the calling thread: the request is written before the first await, so the send time is the
    // scheduler's own and continuations run on the thread pool. A thread-pool hop per arrival cost more CPU without
    // making the send lag steadier (docs/performance.md).
    private void Start(long due) => _ = RunIterationAsync(due);

    private async Task RunIterationAsync(long due)
    {
        var started = Stopwatch.GetTimestamp();
        _recorder.RecordSent(due, started);
        var trace = IterationTrace.Create(options.TracedShare);
        IterationOutcome outcome;
        var context = new ScenarioContext(client, _recorder, due, options.Timeout, trace);
        try
        {
            outcome = await scenario.RunAsync(context, _token);
        }
        catch (Exception e)
        {
            outcome = IterationOutcome.Failure(ErrorKinds.Of(e, _token));
        }
        _recorder.RecordIteration(due, started, Stopwatch.GetTimestamp(), outcome, trace, context.Phases);
        // Hand the slot straight to a queued arrival, if any, so queue mode loses no time to the scheduler's sleep.
        if (_pending.TryDequeue(out var next))
        {
            Start(next);
            return;
        }
        Interlocked.Decrement(ref _inFlight);
        StartPending();
    }

    private async Task DrainAsync()
    {
        // Every request has its own timeout, so in-flight work ends; the deadline only guards against a bug.
        var deadline = Stopwatch.GetTimestamp() + (long)((options.Timeout.TotalSeconds * 4 + 5) * Stopwatch.Frequency);
        while ((Volatile.Read(ref _inFlight) > 0 || !_pending.IsEmpty) && Stopwatch.GetTimestamp() < deadline)
        {
            StartPending();
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
