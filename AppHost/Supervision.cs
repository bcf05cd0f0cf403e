using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Restarts a resource whose process ends on its own, the way <c>restart: unless-stopped</c> or a Kubernetes
/// Deployment would: after 1 s, then twice as long after each exit that follows a short run, up to
/// <see cref="MaxDelay"/>; a run of <see cref="StableRun"/> resets the delay. A stop asked for (the dashboard's Stop,
/// the AppHost shutting down) is left alone, and so is an exit with code 0: the process ended as it meant to. Each
/// restart is counted on the resource (the dashboard's <c>restarts</c> property) and said in its console log; the
/// <c>supervision</c> property says what was decided and why.
/// </summary>
internal static class Supervision
{
    public const string RestartsProperty = "restarts";
    public const string SupervisionProperty = "supervision";
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableRun = TimeSpan.FromSeconds(60);

    public static IResourceBuilder<T> WithSupervision<T>(this IResourceBuilder<T> resource) where T : IResource
    {
        resource.WithAnnotation(new SupervisedAnnotation());
        // Registered once however many resources are supervised: hosted services are added as distinct implementations.
        resource.ApplicationBuilder.Services.AddHostedService<Supervisor>();
        return resource;
    }

    /// <summary>The delay before restart number <paramref name="attempt"/> (1, 2, ...) of a run of quick exits.</summary>
    public static TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 16)));

    private sealed class SupervisedAnnotation : IResourceAnnotation;

    /// <summary>
    /// Watches from <see cref="StartingAsync"/>, before any hosted service starts: the orchestrator's start returns only
    /// once every resource has been started, so a watch begun in StartAsync missed a service that ended during the
    /// AppHost's own start (a first connection to PostgreSQL that timed out), and that service was never restarted.
    /// </summary>
    private sealed class Supervisor(
        ResourceNotificationService notifications, ResourceCommandService commands, ResourceLoggerService logs,
        IHostApplicationLifetime lifetime) : IHostedLifecycleService, IDisposable
    {
        private readonly ConcurrentDictionary<string, Watch> _watches = new();
        private readonly CancellationTokenSource _stopping = new();
        private Task _watching = Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken)
        {
            _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync();
            try
            {
                await _watching.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopped watching, or the host stopped waiting for it.
            }
        }

        public void Dispose() => _stopping.Dispose();

        private async Task WatchAsync(CancellationToken stoppingToken)
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken))
            {
                if (!e.Resource.Annotations.OfType<SupervisedAnnotation>().Any())
                    continue;
                var watch = _watches.GetOrAdd(e.ResourceId, _ => new Watch());
                var state = e.Snapshot.State?.Text;
                var previous = watch.State;
                watch.State = state;
                if (state == KnownResourceStates.Running && previous != KnownResourceStates.Running)
                {
                    watch.RunningSince = DateTime.UtcNow;
                    // A decision about the exit before this run would read as being about this one.
                    if (e.Snapshot.Properties.Any(p => p.Name == SupervisionProperty))
                        await notifications.PublishUpdateAsync(e.Resource, e.ResourceId, s => s with
                        {
                            Properties = [.. s.Properties.Where(p => p.Name != SupervisionProperty)],
                        });
                }
                else if (state == KnownResourceStates.Stopping)
                    watch.StopAsked = true;
                else if (state is not null && state != previous && KnownResourceStates.TerminalStates.Contains(state))
                {
                    if (lifetime.ApplicationStopping.IsCancellationRequested)
                        continue;
                    // An exit from Starting counts too: a restart that fails at once is tried again, later.
                    if (watch.StopAsked || e.Snapshot.ExitCode == 0 || previous is null
                        || previous != KnownResourceStates.Running && previous != KnownResourceStates.Starting)
                        await SayAsync(e, watch.StopAsked ? "stopped on request: not restarted" : $"ended with exit code {e.Snapshot.ExitCode}: not restarted");
                    else
                        _ = RestartAsync(e, watch, stoppingToken);
                }
                else if (state == KnownResourceStates.Starting || state == KnownResourceStates.Waiting)
                    watch.StopAsked = false;
            }
        }

        private async Task RestartAsync(ResourceEvent e, Watch watch, CancellationToken ct)
        {
            var logger = logs.GetLogger(e.ResourceId);
            watch.QuickExits = DateTime.UtcNow - watch.RunningSince >= StableRun ? 1 : watch.QuickExits + 1;
            var delay = DelayBefore(watch.QuickExits);
            watch.Restarts++;
            logger.LogWarning("{Resource} exited on its own (exit code {ExitCode}); restart {Count} in {Delay} s",
                e.Resource.Name, e.Snapshot.ExitCode?.ToString() ?? "unknown", watch.Restarts, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, ct);
                if (watch.StopAsked || watch.State == KnownResourceStates.Running)
                    return;
                await SayAsync(e, $"restart {watch.Restarts} after exit code {e.Snapshot.ExitCode?.ToString() ?? "unknown"}", watch.Restarts);
                var result = await commands.ExecuteCommandAsync(e.ResourceId, KnownResourceCommands.StartCommand, ct);
                if (!result.Success)
                    logger.LogError("Restarting {Resource} failed: {Error}", e.Resource.Name, result.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The AppHost is stopping.
            }
        }

        /// <summary>What the supervisor decided, on the resource (and the restart count, when it changes).</summary>
        private Task SayAsync(ResourceEvent e, string decision, int? restarts = null) =>
            notifications.PublishUpdateAsync(e.Resource, e.ResourceId, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != SupervisionProperty && (restarts is null || p.Name != RestartsProperty)),
                    new ResourcePropertySnapshot(SupervisionProperty, decision),
                    .. restarts is { } count ? [new ResourcePropertySnapshot(RestartsProperty, count)] : Array.Empty<ResourcePropertySnapshot>()],
            });

        private sealed class Watch
        {
            public string? State;
            public bool StopAsked;
            public DateTime RunningSince = DateTime.UtcNow;
            public int QuickExits;
            public int Restarts;
        }
    }
}
