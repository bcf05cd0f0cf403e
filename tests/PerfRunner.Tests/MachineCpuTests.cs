using PerfRunner.Measurement;
using PerfRunner.Metrics;
using PerfRunner.Report;
using PerfRunner.Results;
using static PerfRunner.Tests.SyntheticRuns;

namespace PerfRunner.Tests;

public sealed class MachineCpuTests
{
    [Fact]
    public void BusyTimeIsUserNiceSystemIrqAndSoftirqButNotIdleIowaitOrSteal()
    {
        const string stat = "cpu  100 20 30 1000 50 5 6 7 8 9\ncpu0 50 10 15 500 25 2 3 3 4 4\nintr 12345\n";

        Assert.Equal(100 + 20 + 30 + 5 + 6, MachineCpu.Busy(stat));
    }

    [Fact]
    public void AStatWithoutTheMachinesCpuLineGivesNoFigure()
    {
        Assert.Null(MachineCpu.Busy("intr 12345\nctxt 678\n"));
    }

    [Fact]
    public void AThreadThatSpinsIsCountedAsTheMachineBusy()
    {
        var machine = MachineCpu.Start();
        Assert.NotNull(machine);
        var until = DateTime.UtcNow.AddMilliseconds(600);
        var spinner = new Thread(() => { while (DateTime.UtcNow < until) { } });
        spinner.Start();
        spinner.Join();

        // The spinner alone keeps one core busy; whatever else runs beside it only adds. The kernel counts in ticks of
        // 10 ms per CPU, so over 0.6 s a fully busy machine can read a tick or two above its cores.
        Assert.InRange(machine.Cores()!.Value, 0.5, Environment.ProcessorCount + 0.1);
    }

    [Fact]
    public void WhereTimeGoesSetsTheServicesCpuBesideTheWholeMachines()
    {
        ServiceMetrics Service(string name, double cores) =>
            new(name, $"http://localhost/{name}/metrics", true, null, 10, [], [], [], [], cores, 0, 0, "Release", true);
        var run = Run(1, ReportConfig, _ => 1, services: [Service("fights", 0.25), Service("heroes", 0.05)]);
        run.Metrics[ResultBuilder.MachineCpuMetric] = new(0.5, "cores", "lower");

        var markdown = MarkdownReport.Render(Result(ReportConfig, run), null, "fights");

        Assert.Contains("| the whole machine (every process and the kernel) | 0.5 |", markdown);
        Assert.Contains("The services used 0.3 of the machine's 0.5 cores; the other 0.2 went to", markdown);
    }

    private static readonly RunPlan ReportConfig = Config(rate: 100, seconds: 10);
}
