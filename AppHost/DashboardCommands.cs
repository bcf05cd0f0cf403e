using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>What the dashboard offers on the resources beyond start/stop: links and commands.</summary>
internal static class DashboardCommands
{
    /// <summary>
    /// The service's API reference page, linked from its row in the dashboard: it reads the OpenAPI document
    /// (<c>/openapi/v1.json</c>, also offered for download there). One link, because the row shows only its first.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiLink(this IResourceBuilder<ProjectResource> service) =>
        service.WithUrl("/scalar/v1", "API reference");

    /// <summary>
    /// "Reseed database" (asks for confirmation): the service's <c>POST {collection}/reseed</c> replaces every row with
    /// its start-up seed set in one transaction, so reads meanwhile see the old set or the new one. (Restarting the service to reseed left it stopped now and then: the new
    /// process could not always take the fixed port back.)
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReseedCommand(this IResourceBuilder<ProjectResource> service, string collectionPath)
    {
        return service.WithCommand("reseed", "Reseed database", async context =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(service.GetEndpoint("http").Url) };
            using var response = await client.PostAsync($"{collectionPath}/reseed", null, context.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"POST {collectionPath}/reseed answered {(int)response.StatusCode}");
            }
            context.Logger.LogInformation("{Service}: every row deleted and the seed set loaded again", service.Resource.Name);
            return CommandResults.Success();
        }, new CommandOptions
        {
            Description = "Delete every row and load the seed set again",
            ConfirmationMessage = $"Delete every row of {service.Resource.Name} and load its seed set again?",
            IconName = "DatabaseArrowUp",
            UpdateState = state => state.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    /// <summary>
    /// "Compare with baseline": runs PerfRunner once more with the settings of its start, against the running services,
    /// with <c>--baseline</c> the last baseline; the report goes next to it as latest.md and the verdict is the
    /// command's answer. Output lines go to the resource's console log.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithCompareCommand(this IResourceBuilder<ProjectResource> runner, string resultsDirectory, IReadOnlyList<string> runArguments)
    {
        return runner.WithCommand("compare", "Compare with baseline", async context =>
        {
            var baseline = Path.Combine(resultsDirectory, "baseline.json");
            if (!File.Exists(baseline))
            {
                return CommandResults.Failure($"No baseline yet: start {runner.Resource.Name} first (it writes {baseline}).");
            }
            var project = runner.Resource.GetProjectMetadata().ProjectPath;
            var configuration = typeof(DashboardCommands).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in (string[])["run", "--project", project, "--no-build", "-c", configuration, "--", .. runArguments,
                         "--baseline", baseline, "--output", Path.Combine(resultsDirectory, "latest.json"), "--report", Path.Combine(resultsDirectory, "latest.md")])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            string? verdict = null;
            var output = Pump(process.StandardOutput, line =>
            {
                context.Logger.LogInformation("{Line}", line);
                if (line.Contains("vs baseline:", StringComparison.Ordinal))
                {
                    verdict = line;
                }
            });
            var errors = Pump(process.StandardError, line => context.Logger.LogWarning("{Line}", line));
            await process.WaitForExitAsync(context.CancellationToken);
            await Task.WhenAll(output, errors);
            return process.ExitCode == 0
                ? new ExecuteCommandResult { Success = true, Message = verdict }
                : CommandResults.Failure($"PerfRunner exited with code {process.ExitCode}; see the console log of {runner.Resource.Name}");
        }, new CommandOptions
        {
            Description = "Run the same load again and compare it with the last baseline (results/latest.md)",
            IconName = "DataTrending",
            IsHighlighted = true,
        });
    }

    private static async Task Pump(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
