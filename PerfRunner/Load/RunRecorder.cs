using System.Diagnostics;
using HdrHistogram;

namespace PerfRunner.Load;

/// <summary>What one iteration of a scenario ended with: success, or the kind of the first error.</summary>
public readonly record struct IterationOutcome(bool Ok, string? ErrorKind)
{
    public static readonly IterationOutcome Success = new(true, null);

    public static IterationOutcome Failure(string kind) => new(false, kind);
}

/// <summary>
/// Collects everything a run measures. Iterations are assigned to the warm-up or the measured window by their
/// intended send time, so a slow warm-up request cannot leak into the results (or the other way round).
/// Sends and drops are recorded under their own lock, which only the scheduler thread takes in drop mode: a
/// completion holding the results lock and preempted on a busy 2-core machine must not stall the schedule.
/// </summary>
public sealed class RunRecorder(long t0, long measureStart, long measureEnd, int slowestKept = RunRecorder.SlowestKept)
{
    /// <summary>How many of the slowest measured iterations a run keeps at least, with their traces and phases.</summary>
    public const int SlowestKept = 10;

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp window 0 starts at.</summary>
    public long Origin => t0;

    /// <summary>The slowest 1 % of the iterations a run expects (at least <see cref="SlowestKept"/>, at most 5,000).</summary>
    public static int SlowestFor(double expectedIterations) =>
        (int)Math.Clamp(Math.Ceiling(expectedIterations / 100), SlowestKept, 5_000);

    private readonly Lock _gate = new();
    private readonly Lock _sendGate = new();
    private readonly List<long> _sentPerWindow = [];
    private readonly List<long> _droppedPerWindow = [];
    private readonly LongHistogram _latency = Histograms.Create();
    private readonly LongHistogram _serviceTime = Histograms.Create();
    private readonly LongHistogram _sendLag = Histograms.Create();
    private readonly Dictionary<string, RequestRecord> _requests = [];
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _statusCodes = new(StringComparer.Ordinal);
    private readonly List<Window> _windows = [];
    private readonly PriorityQueue<SlowIteration, long> _slowest = new();
    private readonly BreakdownSum _typical = new();

    public long MeasureStart => measureStart;
    public long Intended { get; private set; }
    public long Sent { get; private set; }
    public long Dropped { get; private set; }
    public long Completed { get; private set; }
    public long Failed { get; private set; }

    // Live figures for the progress line, covering warm-up too.
    public long LiveSent;
    public long LiveFailed;
    public long LiveDropped;

    public bool IsMeasured(long due) => due >= measureStart && due < measureEnd;

    public void RecordDropped(long due)
    {
        Interlocked.Increment(ref LiveDropped);
        lock (_sendGate)
        {
            Count(_droppedPerWindow, due);
            if (IsMeasured(due))
            {
                Intended++;
                Dropped++;
            }
        }
    }

    public void RecordSent(long due, long actual)
    {
        Interlocked.Increment(ref LiveSent);
        lock (_sendGate)
        {
            Count(_sentPerWindow, due);
            if (IsMeasured(due))
            {
                Intended++;
                Sent++;
                _sendLag.RecordValue(Histograms.ToMicroseconds(Math.Max(actual - due, 0)));
            }
        }
    }

    private void Count(List<long> perWindow, long due)
    {
        var index = (int)(Math.Max(due - t0, 0) / Stopwatch.Frequency);
        while (perWindow.Count <= index)
        {
            perWindow.Add(0);
        }
        perWindow[index]++;
    }

    public void RecordIteration(long due, long started, long ended, IterationOutcome outcome, IterationTrace trace = default, IterationPhases? phases = null)
    {
        if (!outcome.Ok)
        {
            Interlocked.Increment(ref LiveFailed);
        }
        var latency = Histograms.ToMicroseconds(ended - due);
        lock (_gate)
        {
            var window = WindowAt(due);
            window.Completed++;
            window.Latency.Record(latency);
            if (!outcome.Ok)
            {
                window.Failed++;
            }
            if (!IsMeasured(due))
            {
                return;
            }
            Completed++;
            _latency.RecordValue(latency);
            var breakdown = phases?.ToBreakdown(Ms(ended - due), Ms(started - due));
            if (breakdown is not null && outcome.Ok)
                _typical.Add(breakdown);
            KeepIfAmongSlowest(due, ended - due, outcome, trace, breakdown);
            _serviceTime.RecordValue(Histograms.ToMicroseconds(ended - started));
            if (!outcome.Ok)
            {
                Failed++;
                var kind = outcome.ErrorKind ?? "unknown";
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            }
        }
    }

    public void RecordRequest(long due, string name, long elapsedTicks, int? status, string? errorKind)
    {
        if (!IsMeasured(due))
        {
            return;
        }
        lock (_gate)
        {
            if (!_requests.TryGetValue(name, out var request))
            {
                _requests[name] = request = new RequestRecord();
            }
            request.Time.RecordValue(Histograms.ToMicroseconds(elapsedTicks));
            if (status is { } code)
            {
                var key = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                request.StatusCodes[key] = request.StatusCodes.GetValueOrDefault(key) + 1;
                _statusCodes[key] = _statusCodes.GetValueOrDefault(key) + 1;
            }
            if (errorKind is not null)
            {
                request.Errors[errorKind] = request.Errors.GetValueOrDefault(errorKind) + 1;
            }
        }
    }

    // A min-heap of the slowest iterations: an iteration faster than the fastest kept one costs one comparison.
    private void KeepIfAmongSlowest(long due, long latencyTicks, IterationOutcome outcome, IterationTrace trace, IterationBreakdown? breakdown)
    {
        if (_slowest.Count >= slowestKept && (!_slowest.TryPeek(out _, out var fastestKept) || latencyTicks <= fastestKept))
            return;
        var iteration = new SlowIteration(
            Math.Round(Ms(latencyTicks), 3), Math.Round((double)(due - measureStart) / Stopwatch.Frequency, 3),
            outcome.Ok, outcome.ErrorKind, trace.IsEmpty ? null : trace.TraceId.ToHexString(), !trace.IsEmpty && trace.Sampled, breakdown);
        if (_slowest.Count < slowestKept)
            _slowest.Enqueue(iteration, latencyTicks);
        else
            _slowest.EnqueueDequeue(iteration, latencyTicks);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The last complete one-second window (for the progress line).</summary>
    public (long Completed, long Failed, double P99Ms)? LastWindow(long now)
    {
        lock (_gate)
        {
            var index = (int)((now - t0) / Stopwatch.Frequency) - 1;
            if (index < 0 || index >= _windows.Count)
            {
                return null;
            }
            var w = _windows[index];
            var buckets = w.Latency.ToBuckets().Select(b => (b[0], b[1])).ToList();
            return (w.Completed, w.Failed, CompactHistogram.Percentile(buckets, w.Latency.Count, 99) / 1000.0);
        }
    }

    public RecordedRun Snapshot()
    {
        lock (_sendGate)
        lock (_gate)
        {
            for (var i = 0; i < Math.Max(_sentPerWindow.Count, _droppedPerWindow.Count); i++)
            {
                var window = WindowAt(t0 + i * Stopwatch.Frequency);
                window.Sent = i < _sentPerWindow.Count ? _sentPerWindow[i] : 0;
                window.Dropped = i < _droppedPerWindow.Count ? _droppedPerWindow[i] : 0;
            }
            var warmupWindows = (int)Math.Ceiling((double)(measureStart - t0) / Stopwatch.Frequency);
            var points = _windows.Select((w, i) => w.ToPoint(i, i < warmupWindows)).ToList();
            var requests = _requests.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RequestSummary(
                    r.Key, r.Value.Time.TotalCount, r.Value.Errors.Values.Sum(), r.Value.Time.Summarize("sent"),
                    new(r.Value.StatusCodes), new(r.Value.Errors)))
                .ToList();
            var slowest = _slowest.UnorderedItems.Select(x => x.Element).OrderByDescending(x => x.LatencyMs).ToList();
            return new RecordedRun(
                Intended, Sent, Dropped, Completed, Failed,
                (LongHistogram)_latency.Copy(), _serviceTime.Summarize("sent"), _sendLag.Summarize("lag"),
                new(_errors), new(_statusCodes), requests, points, slowest, _typical.Mean());
        }
    }

    private Window WindowAt(long due)
    {
        var index = (int)(Math.Max(due - t0, 0) / Stopwatch.Frequency);
        while (_windows.Count <= index)
        {
            _windows.Add(new Window());
        }
        return _windows[index];
    }

    private sealed class RequestRecord
    {
        public readonly LongHistogram Time = Histograms.Create();
        public readonly SortedDictionary<string, long> StatusCodes = new(StringComparer.Ordinal);
        public readonly SortedDictionary<string, long> Errors = new(StringComparer.Ordinal);
    }

    private sealed class Window
    {
        public long Sent, Dropped, Completed, Failed;
        public readonly CompactHistogram Latency = new();

        public WindowPoint ToPoint(int second, bool warmup)
        {
            var buckets = Latency.ToBuckets();
            var pairs = buckets.Select(b => (b[0], b[1])).ToList();
            return new WindowPoint(
                second, warmup, Sent, Dropped, Completed, Failed,
                CompactHistogram.Percentile(pairs, Latency.Count, 50) / 1000.0,
                CompactHistogram.Percentile(pairs, Latency.Count, 99) / 1000.0,
                buckets);
        }
    }
}

/// <summary>
/// One second of the run, by intended send time; latencies are coordinated-omission corrected (µs buckets).
/// <paramref name="WalkMs"/>: how fast the machine ran in that second (<see cref="Measurement.MachineSpeed"/>), where timed.
/// </summary>
public sealed record WindowPoint(
    int Second, bool Warmup, long Sent, long Dropped, long Completed, long Failed, double P50Ms, double P99Ms,
    long[][] Histogram, double? WalkMs = null);

public sealed record RequestSummary(
    string Name, long Count, long Failed, Distribution ServiceTime,
    SortedDictionary<string, long> StatusCodes, SortedDictionary<string, long> Errors);

/// <summary>
/// One of a run's slowest measured iterations: its corrected latency, when it was due (seconds into the measured
/// window), how it ended, its trace id (<see cref="Traced"/>: the services were asked to record it) and where its time
/// went (<see cref="Phases"/>).
/// </summary>
public sealed record SlowIteration(
    double LatencyMs, double StartSeconds, bool Ok, string? Error, string? TraceId, bool Traced, IterationBreakdown? Phases = null);

/// <summary>The raw figures of one run, before validity and service metrics are added.</summary>
public sealed record RecordedRun(
    long Intended, long Sent, long Dropped, long Completed, long Failed,
    LongHistogram Latency, Distribution ServiceTime, Distribution SendLag,
    SortedDictionary<string, long> Errors, SortedDictionary<string, long> StatusCodes,
    IReadOnlyList<RequestSummary> Requests, IReadOnlyList<WindowPoint> TimeSeries, IReadOnlyList<SlowIteration> Slowest,
    IterationBreakdown? Typical = null);
