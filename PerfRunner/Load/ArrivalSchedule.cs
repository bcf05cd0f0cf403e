namespace PerfRunner.Load;

/// <summary>
/// When each arrival is due, in seconds from the start. The warm-up ramps the rate linearly from a tenth of the target
/// to the target (as the Python system's k6 test ramps), so a cold system is not hit by the full rate at once; the
/// measured window that follows holds the target rate exactly: arrival i is due at warmup + (i − n₀) / rate.
/// </summary>
public sealed class ArrivalSchedule(double rate, double warmupSeconds, double durationSeconds)
{
    private readonly double _startRate = rate / 10;

    /// <summary>Arrivals during the warm-up: the area under the ramp.</summary>
    public long WarmupArrivals { get; } = (long)Math.Floor((rate / 10 + rate) / 2 * warmupSeconds);

    public long Total => WarmupArrivals + (long)Math.Round(rate * durationSeconds);

    public double DueSeconds(long i)
    {
        if (i >= WarmupArrivals)
        {
            return warmupSeconds + (i - WarmupArrivals) / rate;
        }
        // Solve r0·t + (r1 − r0)·t² / (2W) = i for t within the ramp.
        var slope = (rate - _startRate) / warmupSeconds;
        if (slope <= 0)
        {
            return i / _startRate;
        }
        return (-_startRate + Math.Sqrt(_startRate * _startRate + 2 * slope * i)) / slope;
    }
}
