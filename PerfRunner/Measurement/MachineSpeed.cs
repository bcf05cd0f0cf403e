using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PerfRunner.Measurement;

/// <summary>
/// How fast the machine itself ran during a run: a fixed walk through 16 MB of memory, in an order no prefetcher can
/// guess, timed on a thread of its own every <see cref="Interval"/> (the best of three, so that one preemption by the
/// system under load does not count). On a shared virtual machine another tenant's use of the shared cache and memory
/// slows every process for minutes at a time, ours included, while nothing of ours changes; the walk slows with them
/// (a loop that never leaves the registers barely does). The comparison reads a difference in the walk between two
/// runs as the machine's, not the change's (<see cref="Comparison.MachineSpeedAdjustment"/>).
/// </summary>
public sealed class MachineSpeed : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int WalkSteps = 20_000;
    private static readonly int[] Walk = RandomCycle(4 * 1024 * 1024, seed: 20261202);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long At, double Ms)> _samples = [];
    private readonly Thread _thread;

    private MachineSpeed()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "machine-speed" };
        _thread.Start();
    }

    /// <summary>Starts timing the walk; <see cref="Stop"/> gives the mean of the samples.</summary>
    public static MachineSpeed Start() => new();

    /// <summary>The walk's mean time in milliseconds over the samples taken since the start (null when none was).</summary>
    public double? Stop()
    {
        _stop.Cancel();
        _thread.Join();
        lock (_samples)
        {
            return _samples.Count > 0 ? Math.Round(_samples.Average(s => s.Ms), 4) : null;
        }
    }

    /// <summary>
    /// The walk's mean time per second since <paramref name="origin"/> (a <see cref="Stopwatch"/> timestamp), by the
    /// second's index: how fast the machine ran during each of the run's windows.
    /// </summary>
    public IReadOnlyDictionary<int, double> PerSecond(long origin)
    {
        lock (_samples)
        {
            return _samples.Where(s => s.At >= origin)
                .GroupBy(s => (int)((s.At - origin) / Stopwatch.Frequency))
                .ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Ms), 4));
        }
    }

    /// <summary>One timing of the walk: the best of <paramref name="tries"/>, in milliseconds.</summary>
    public static double TimeWalk(int tries = 3)
    {
        var best = double.MaxValue;
        for (var i = 0; i < tries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Follow(Walk, WalkSteps);
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return best;
    }

    private void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = Stopwatch.GetTimestamp();
            var ms = TimeWalk();
            lock (_samples)
            {
                _samples.Add((at, ms));
            }
            _stop.Token.WaitHandle.WaitOne(Interval);
        }
    }

    // Compiled fully optimized from the first call, so the first samples time the same code as the last.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Follow(int[] next, int steps)
    {
        var at = 0;
        for (var i = 0; i < steps; i++)
            at = next[at];
        return at;
    }

    // One cycle through every index (Sattolo's shuffle), so a walk never falls into a short loop that stays in cache.
    private static int[] RandomCycle(int length, int seed)
    {
        var next = Enumerable.Range(0, length).ToArray();
        var random = new Random(seed);
        for (var i = length - 1; i > 0; i--)
        {
            var j = random.Next(i);
            (next[i], next[j]) = (next[j], next[i]);
        }
        return next;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
            Stop();
        _stop.Dispose();
    }
}
