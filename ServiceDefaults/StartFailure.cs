namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A start that cannot go on for a reason the person running the service can act on: a bad setting, a database that
/// stays unreachable, a stop asked for before the start was done. Its message says what is wrong and what to do.
/// </summary>
/// <remarks>
/// Escaping <c>Run()</c>, it ends the process with that message and <see cref="ExitCode"/> (see
/// <see cref="StartFailure.EndStartFailuresWithTheirMessage"/>) instead of an unhandled exception's stack trace and the
/// runtime's abort.
/// </remarks>
public sealed class ServiceStartException(string message, Exception? innerException = null, int exitCode = 1)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;

    // The host logs a failed start ("Hosting failed to start") with the exception's ToString(). The message is the
    // whole story here; the frames of a retry loop and the host's start say nothing the reader can act on.
    public override string ToString() => $"{GetType().Name}: {Message}";
}

public static class StartFailure
{
    private static int registered;

    /// <summary>
    /// Ends the process when a <see cref="ServiceStartException"/>, or an Aspire component's refusal of its settings,
    /// escapes <c>Main</c>: its message on standard error, then its exit code. Any other unhandled exception keeps the
    /// runtime's report.
    /// </summary>
    public static TBuilder EndStartFailuresWithTheirMessage<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Once a process: a test process builds many services, and one handler serves them all.
        if (Interlocked.Exchange(ref registered, 1) == 0)
            AppDomain.CurrentDomain.UnhandledException += (_, e) => Exit(e.ExceptionObject);
        return builder;
    }

    private static void Exit(object exception)
    {
        var failure = exception switch
        {
            ServiceStartException start => start,
            AggregateException { InnerExceptions: [ServiceStartException start] } => start,
            // A service run alone without its connection string: the component's message names the setting to give.
            InvalidOperationException { TargetSite.DeclaringType.FullName: "Aspire.ConnectionStringValidation" } missing =>
                new ServiceStartException(missing.Message, missing),
            _ => null,
        };
        if (failure is null)
            return;
        Console.Error.WriteLine($"{AppDomain.CurrentDomain.FriendlyName} did not start: {failure.Message}");
        Console.Error.Flush();
        Environment.Exit(failure.ExitCode);
    }
}
