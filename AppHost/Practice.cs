using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SuperHeroes;
using SuperHeroes.Practice;

namespace Aspire.Hosting;

/// <summary>The practice bottlenecks on the AppHost: each handed to its service, and switched from the dashboard.</summary>
internal static class Practice
{
    public static readonly TimeSpan RestartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Hands each practice switch of the AppHost's configuration (<c>Practice__SequentialCalls=true</c>) to the service it
    /// belongs to, where the dashboard shows it on the resource's environment, and gives the service a command per
    /// bottleneck that restarts it with that switch the other way. A switch the catalogue does not know, or a value that
    /// is not one, stops the AppHost before anything starts (<see cref="SettingsException"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPractice(this IResourceBuilder<ProjectResource> service)
    {
        var settings = service.ApplicationBuilder.Configuration.GetSection(PracticeCatalogue.Section).GetChildren()
            .Select(c => KeyValuePair.Create(c.Key, c.Value)).ToList();
        var practice = PracticeCatalogue.Read(settings, service: null);
        if (practice.Errors.Count > 0)
            throw new SettingsException(string.Join("; ", practice.Errors));
        var own = PracticeCatalogue.All.Where(b => b.Service == service.Resource.Name).ToList();
        if (own.Count == 0)
            return service;

        // Read at every start, so that a restart picks up what a command switched. Every switch of the service is
        // written, off ones too: the process would otherwise inherit the AppHost's own environment's value.
        var switches = new ConcurrentDictionary<string, bool>(own.ToDictionary(b => b.Name, b => practice.IsOn(b.Name)));
        service.WithEnvironment(context =>
        {
            foreach (var (name, on) in switches)
                context.EnvironmentVariables[Variable(name)] = on ? "true" : "false";
        });
        foreach (var (key, value) in settings)
        {
            var bottleneck = PracticeCatalogue.Find(key)!;
            if (bottleneck.Service == service.Resource.Name && !string.Equals(bottleneck.Name, key, StringComparison.OrdinalIgnoreCase))
                service.WithEnvironment(Variable(key), value);
        }
        foreach (var bottleneck in own)
            service.WithSwitchCommand(bottleneck, switches);
        return service;
    }

    public static string CommandName(string bottleneck) => $"practice-{bottleneck}";

    private static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value) : null;

    private static string Variable(string key) => $"{PracticeCatalogue.Section}__{key}";

    /// <summary>
    /// "Practice: Name on/off" (asks for confirmation): stops the service, flips the switch and starts it again, then
    /// answers once it is healthy, with the state it now runs in. Stop and start rather than one restart so that the old
    /// process has let go of the service's fixed port before the new one takes it.
    /// </summary>
    private static void WithSwitchCommand(
        this IResourceBuilder<ProjectResource> service, PracticeCatalogue.Bottleneck bottleneck, ConcurrentDictionary<string, bool> switches)
    {
        var name = service.Resource.Name;
        service.WithCommand(CommandName(bottleneck.Name), $"Practice: {bottleneck.Name} on/off", async context =>
        {
            var commands = context.Services.GetRequiredService<ResourceCommandService>();
            var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            timeout.CancelAfter(RestartTimeout);
            var ct = timeout.Token;
            notifications.TryGetCurrentState(name, out var before);
            var oldPid = before is null ? null : Pid(before);
            var stop = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, ct);
            if (!stop.Success)
                return CommandResults.Failure($"{name} did not stop: {stop.Message}");
            await notifications.WaitForResourceAsync(name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
            var on = switches.AddOrUpdate(bottleneck.Name, true, (_, was) => !was);
            var start = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, ct);
            if (!start.Success)
                return CommandResults.Failure($"{name} did not start again with {bottleneck.Name} {(on ? "on" : "off")}: {start.Message}");
            // The new process healthy, not a health report left from the old one.
            await notifications.WaitForResourceAsync(name, e => Pid(e) is { } pid && pid != oldPid
                && e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy, ct);
            context.Logger.LogWarning("{Service} restarted with practice bottleneck {Bottleneck} {State}", name, bottleneck.Name, on ? "ON" : "off");
            return new ExecuteCommandResult { Success = true, Message = $"{name} runs with {bottleneck.Name} {(on ? "on" : "off")}" };
        }, new CommandOptions
        {
            Description = $"Restart {name} with this practice bottleneck switched the other way: it {bottleneck.Description}",
            ConfirmationMessage = $"Restart {name} with {bottleneck.Name} switched the other way?",
            IconName = "Beaker",
            UpdateState = state => state.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }
}
