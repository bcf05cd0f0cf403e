using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SuperHeroes.Practice;

public static class PracticeServices
{
    /// <summary>The metric that tells PerfRunner (and the dashboard) which bottlenecks are on: 1 on, 0 off, one series each.</summary>
    public const string MetricName = "practice.bottleneck.on";

    /// <summary>
    /// Reads this service's practice switches (a bad one stops the start with what is wrong), registers them, says
    /// loudly at start which are on, and exports each as <see cref="MetricName"/>.
    /// </summary>
    public static PracticeSettings AddPractice(this IHostApplicationBuilder builder, string service)
    {
        var section = builder.Configuration.GetSection(PracticeCatalogue.Section);
        var practice = PracticeCatalogue.Read(section.GetChildren().Select(c => KeyValuePair.Create(c.Key, c.Value)), service);
        if (practice.Errors.Count > 0)
            throw new ServiceStartException($"{string.Join("; ", practice.Errors)}.");

        builder.Services.AddSingleton(practice);
        builder.Services.AddHostedService(sp => new PracticeAnnouncer(practice, sp.GetRequiredService<ILogger<PracticeAnnouncer>>()));
        var mine = PracticeCatalogue.All.Where(b => b.Service == service).ToList();
        new Meter(builder.Environment.ApplicationName).CreateObservableGauge(MetricName,
            () => mine.Select(b => new Measurement<int>(practice.IsOn(b.Name) ? 1 : 0, new KeyValuePair<string, object?>("bottleneck", b.Name))),
            description: "1 while the practice bottleneck is switched on, 0 while it is off");
        if (practice.IsOn(PracticeCatalogue.ChattyLogging))
        {
            // The defect as it happened here: request, outgoing-call and SQL logging at Information, synchronously to the console.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information)
                .AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Information)
                .AddFilter("System.Net.Http.HttpClient", LogLevel.Information)
                .AddFilter("Npgsql.Command", LogLevel.Information)
                .AddSimpleConsole();
        }
        return practice;
    }

    private sealed class PracticeAnnouncer(PracticeSettings practice, ILogger<PracticeAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var b in practice.On)
            {
                logger.LogWarning("PRACTICE BOTTLENECK ON: {Name}: this service {Description}. Switch it off with {Setting}=false.",
                    b.Name, b.Description, $"{PracticeCatalogue.Section}__{b.Name}");
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
