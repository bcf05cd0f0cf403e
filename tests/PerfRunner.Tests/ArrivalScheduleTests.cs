using PerfRunner.Load;

namespace PerfRunner.Tests;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void WarmUpRampsFromATenthOfTheRateAndTheMeasuredWindowHoldsTheRateExactly()
    {
        var schedule = new ArrivalSchedule(rate: 100, warmupSeconds: 10, durationSeconds: 30);

        // The ramp's area: (10 + 100) / 2 × 10 s.
        Assert.Equal(550, schedule.WarmupArrivals);
        Assert.Equal(550 + 3000, schedule.Total);
        Assert.Equal(0, schedule.DueSeconds(0));
        // Early gaps are about 1/10 s, late ones about 1/100 s.
        Assert.InRange(schedule.DueSeconds(1) - schedule.DueSeconds(0), 0.09, 0.1);
        Assert.InRange(schedule.DueSeconds(549) - schedule.DueSeconds(548), 0.0099, 0.0105);
        Assert.True(schedule.DueSeconds(549) < 10);
        Assert.Equal(10, schedule.DueSeconds(550), 9);
        Assert.Equal(10 + 2999 / 100.0, schedule.DueSeconds(3549), 9);
    }

    [Fact]
    public void WithoutWarmUpArrivalsAreEvenlySpacedFromTheStart()
    {
        var schedule = new ArrivalSchedule(rate: 1000, warmupSeconds: 0, durationSeconds: 2);

        Assert.Equal(2000, schedule.Total);
        Assert.Equal(0.5, schedule.DueSeconds(500), 9);
    }
}
