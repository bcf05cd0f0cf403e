using Microsoft.Extensions.Logging;

namespace SuperHeroes.Tests;

/// <summary>A logger provider that keeps a service's log lines, so a test can wait until the service has said something.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Completes when a line (logged before or after the call) matches.</summary>
    public Task WaitForAsync(Func<string, bool> match)
    {
        lock (_lines)
        {
            if (_lines.Any(match))
                return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
            return seen.Task;
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture.Add(formatter(state, exception));
        }
    }
}
