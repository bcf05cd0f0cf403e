using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// Database failures answered as what they are instead of a 500: a value the database refuses is the client's error
/// (400), and a database that cannot be reached is an outage (503 with <c>Retry-After</c>): the request may succeed
/// later, and nothing was stored.
/// </summary>
public sealed class DatabaseProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public const string NulCharacterDetail = "A text value holds a character the database cannot store (U+0000).";
    public const string UnavailableDetail = "The database cannot be reached; nothing was stored. Try again shortly.";

    // A command that timed out may have reached the server (a commit among them): "nothing was stored" would be a guess.
    public const string TimeoutDetail = "The database did not answer in time; a change may or may not have been stored. Try again shortly.";

    /// <summary>How long a client should wait before trying again during an outage.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            // JSON may carry "\u0000", which PostgreSQL text cannot hold; every text field of every service would need
            // the rule, so the database's own refusal is the check.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire } => (StatusCodes.Status400BadRequest, NulCharacterDetail),
            NpgsqlException { InnerException: TimeoutException } => (StatusCodes.Status503ServiceUnavailable, TimeoutDetail),
            _ when IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, UnavailableDetail),
            _ => (0, null),
        };
        if (detail is null)
            return false;
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    /// <summary>The server is down, shutting down, starting, or not there: a connection could not be had or was lost.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow,
        // Npgsql's own judgement: a socket, I/O or timeout failure underneath.
        NpgsqlException { IsTransient: true } => true,
        _ => false,
    };
}
