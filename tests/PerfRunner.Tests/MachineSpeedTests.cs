using PerfRunner.Measurement;

namespace PerfRunner.Tests;

public sealed class MachineSpeedTests
{
    [Fact]
    public void ARunsMachineSpeedIsTheMeanOfItsSamples()
    {
        using var machine = MachineSpeed.Start();
        Thread.Sleep(MachineSpeed.Interval * 4);

        var mean = machine.Stop();

        Assert.NotNull(mean);
        Assert.InRange(mean.Value, 0.01, 1_000);
        Thread.Sleep(MachineSpeed.Interval * 2);
        Assert.Equal(mean, machine.Stop());
    }
}
