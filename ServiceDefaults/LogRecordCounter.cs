using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Counts the log records a service writes, by level (<c>log.records</c>), as a logging provider: the filter rules
/// that decide what the console writes decide what it counts. Logging on the hot path was once half of the fights
/// service's cost here; this makes "records per request" a number the load runner can read.
/// </summary>
public static class LogRecordCounter
{
    public const string MetricName = "log.records";

    public static TBuilder AddLogRecordCounter<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.Services.AddSingleton<ILoggerProvider>(new Provider(new Meter(builder.Environment.ApplicationName).CreateCounter<long>(
            MetricName, description: "Log records written, by level")));
        return builder;
    }

    private sealed class Provider(Counter<long> records) : ILoggerProvider
    {
        private readonly Logger _logger = new(records);

        public ILogger CreateLogger(string categoryName) => _logger;

        public void Dispose()
        {
        }
    }

    private sealed class Logger(Counter<long> records) : ILogger
    {
        private static readonly KeyValuePair<string, object?>[] Levels =
            [.. Enum.GetValues<LogLevel>().Select(l => new KeyValuePair<string, object?>("level", l.ToString().ToLowerInvariant()))];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Add(1, Levels[(int)logLevel]);
    }
}
