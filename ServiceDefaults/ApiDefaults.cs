using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

// What every API of this system shares beyond the Aspire defaults: errors as RFC 7807 ProblemDetails and
// relaxed JSON escaping (names such as "T'Challa" stay readable).
public static class ApiDefaults
{
    // Generous for a replace-all of thousands of characters, small enough that a runaway body is refused early.
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    public static TBuilder AddApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (ClientError(context.Exception) is (var status, var detail))
            {
                context.ProblemDetails.Status = status;
                context.ProblemDetails.Detail = detail;
            }
        });
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        // First, so that its time covers every other middleware too.
        ServerTiming.Use(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => ClientError(exception)?.Status ?? StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use((context, next) =>
        {
            // Kestrel enforces this limit while reading, also for chunked bodies; a declared length is refused at once.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxRequestBodyBytes;
            if (context.Request.ContentLength > MaxRequestBodyBytes)
                throw new BadHttpRequestException($"The request body is larger than {MaxRequestBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            return next(context);
        });
        app.MapOpenApi();
        // The OpenAPI document as a page to browse and try the API in (/scalar/v1), served from the service itself.
        app.MapScalarApiReference();
        return app;
    }

    /// <summary>
    /// The exceptions that are the client's error, with the status and the detail to answer; null for the others
    /// (a 500, unless an <see cref="IExceptionHandler"/> of the service's, such as the database's refusals, answers
    /// it first). The exception handler's status and the ProblemDetails both come from here.
    /// </summary>
    private static (int Status, string Detail)? ClientError(Exception? exception) => exception switch
    {
        // A malformed body, a wrong JSON type or an oversized body: say what it was.
        BadHttpRequestException bad => (bad.StatusCode, bad.InnerException?.Message ?? bad.Message),
        _ => null,
    };
}
