using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace Fights.Api.Tests;

/// <summary>
/// What a service hands its exporter: whole slow or failed traces, a few others a second, nothing else. The spans are
/// real activities with their durations set; the clock of the sampling budget only moves when a test moves it.
/// </summary>
public sealed class TailTraceExportTests
{
    private readonly Exported _exported = new();
    private readonly ManualClock _clock = new();
    private readonly TailTraceExport _export;

    public TailTraceExportTests() => _export = new TailTraceExport(_exported, _clock);

    [Fact]
    public void TheFirstRequestsAreAllExported()
    {
        for (var i = 0; i < 100; i++)
            End(Request(ms: 1, children: 2));

        Assert.Equal(300, _exported.Spans.Count);
    }

    [Fact]
    public void ASlowRequestIsExportedWithEveryOneOfItsSpansWhileFastOnesAreNot()
    {
        SpendWarmupAndBudget();
        var before = _exported.Spans.Count;

        var fast = Request(ms: 1, children: 3);
        End(fast);
        Assert.Equal(before, _exported.Spans.Count);

        var slow = Request(ms: 40, children: 3);
        End(slow);
        Assert.Equal(4, _exported.Spans.Count - before);
        Assert.All(_exported.Spans.Skip(before), span => Assert.Equal(slow.Root.TraceId, span.TraceId));
    }

    [Fact]
    public void OnlyTheSlowestTwoPercentCountAsSlow()
    {
        SpendWarmupAndBudget();
        // 3 ms apart: once the window holds only them, the slowest 2 % of the second thousand are exported, and of the
        // rest only the few sampled a second.
        var exported = ExportedOfTheSecondOfTwoShuffledThousands(apart: TimeSpan.FromMilliseconds(3));
        Assert.InRange(exported.Count(span => span.Duration.TotalMilliseconds > 0.95), 15, 30);
        Assert.InRange(exported.Count(span => span.Duration.TotalMilliseconds <= 0.95), 0, (int)(3 * TailTraceExport.SamplesPerSecond) + 1);
    }

    [Fact]
    public void AtTenThousandRequestsASecondOnlyTheVerySlowestCountAsSlow()
    {
        SpendWarmupAndBudget();
        // 0.1 ms apart: two percent would be 200 traces a second.
        var exported = ExportedOfTheSecondOfTwoShuffledThousands(apart: TimeSpan.FromMilliseconds(0.1));
        Assert.InRange(exported.Count, 1, 2);
        Assert.All(exported, span => Assert.True(span.Duration.TotalMilliseconds > 0.99));
    }

    [Fact]
    public void ABurstOfSlowRequestsIsExportedOnlyUpToTheBudgetOfASecond()
    {
        SpendWarmupAndBudget();
        var before = _exported.Spans.Count;

        // A pause: every request in flight ends slow at the same moment.
        for (var i = 0; i < 50; i++)
            End(Request(ms: 40 + i, children: 1));

        Assert.Equal(2 * (int)TailTraceExport.SlowPerSecond, _exported.Spans.Count - before);
    }

    [Fact]
    public void AFailedRequestIsExportedHoweverFast()
    {
        SpendWarmupAndBudget();
        var before = _exported.Spans.Count;

        var failed = Request(ms: 1, children: 1);
        failed.Root.SetStatus(ActivityStatusCode.Error);
        End(failed);

        Assert.Equal(2, _exported.Spans.Count - before);
    }

    [Fact]
    public void AFewFastRequestsASecondAreExportedSoThatOneMadeByHandIsThere()
    {
        SpendWarmupAndBudget();
        var before = _exported.Spans.Count;

        _clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
            End(Request(ms: 1, children: 0));

        Assert.Equal((int)TailTraceExport.SamplesPerSecond, _exported.Spans.Count - before);
    }

    [Fact]
    public void ASpanThatEndsAfterItsRequestFollowsTheRequestsDecision()
    {
        SpendWarmupAndBudget();
        var slow = Request(ms: 40, children: 0);
        var late = StartChild(slow.Root, "late");
        End(slow);
        var before = _exported.Spans.Count;
        late.SetEndTime(DateTime.UtcNow);
        _export.OnEnd(late);
        Assert.Equal(before + 1, _exported.Spans.Count);

        var fast = Request(ms: 1, children: 0);
        var lateOfFast = StartChild(fast.Root, "late");
        End(fast);
        lateOfFast.SetEndTime(DateTime.UtcNow);
        _export.OnEnd(lateOfFast);
        Assert.Equal(before + 1, _exported.Spans.Count);
    }

    [Fact]
    public void ASpanNotRecordedIsNeverExported()
    {
        var request = Request(ms: 40, children: 0);
        request.Root.ActivityTraceFlags = ActivityTraceFlags.None;
        End(request);
        Assert.Empty(_exported.Spans);
    }

    /// <summary>
    /// Requests of 1 to 1,000 µs in a shuffled order, <paramref name="apart"/> from each other, twice; what was exported
    /// of the second thousand.
    /// </summary>
    private List<Activity> ExportedOfTheSecondOfTwoShuffledThousands(TimeSpan apart)
    {
        var durations = Enumerable.Range(1, 1000).OrderBy(i => i * 7919 % 1000).ToList();
        var before = 0;
        for (var round = 0; round < 2; round++)
        {
            before = _exported.Spans.Count;
            foreach (var us in durations)
            {
                _clock.Advance(apart);
                End(Request(ms: us / 1000.0, children: 0));
            }
        }
        return _exported.Spans.Skip(before).ToList();
    }

    /// <summary>Past the warm-up, with the sampling budget spent and the clock standing still.</summary>
    private void SpendWarmupAndBudget()
    {
        for (var i = 0; i < 200; i++)
            End(Request(ms: 1, children: 0));
    }

    private sealed record Trace(Activity Root, List<Activity> Children, double Ms);

    private static Trace Request(double ms, int children)
    {
        var root = new Activity("GET /api/fights/execute_fight");
        root.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        root.Start();
        var spans = Enumerable.Range(0, children).Select(i => StartChild(root, $"call {i}")).ToList();
        Activity.Current = null;
        return new Trace(root, spans, ms);
    }

    /// <summary>A span started while the request's span is current, so its parent is that span in this process.</summary>
    private static Activity StartChild(Activity root, string name)
    {
        Activity.Current = root;
        var child = new Activity(name).Start();
        Activity.Current = null;
        return child;
    }

    private void End(Trace trace)
    {
        foreach (var child in trace.Children)
        {
            child.SetEndTime(child.StartTimeUtc + TimeSpan.FromMilliseconds(0.1));
            _export.OnEnd(child);
        }
        trace.Root.SetEndTime(trace.Root.StartTimeUtc + TimeSpan.FromMilliseconds(trace.Ms));
        _export.OnEnd(trace.Root);
    }

    private sealed class Exported : BaseProcessor<Activity>
    {
        public List<Activity> Spans { get; } = [];
        public override void OnEnd(Activity data) => Spans.Add(data);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
