using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace SuperHeroes.Catalog.Data;

/// <summary>
/// The database's refusals that are the client's error, answered as a 400 ProblemDetails instead of a 500. JSON may
/// carry "\u0000", which PostgreSQL text cannot hold; every text field of every service would need the rule, so the
/// database's own refusal is the check.
/// </summary>
public sealed class DatabaseRefusals(IProblemDetailsService problems) : IExceptionHandler
{
    public const string NulCharacterDetail = "A text value holds a character the database cannot store (U+0000).";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire })
            return false;
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Detail = NulCharacterDetail },
        });
    }
}
