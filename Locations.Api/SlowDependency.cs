using SuperHeroes.Practice;

namespace Locations.Api;

/// <summary>
/// The practice bottleneck SlowDependency: GET /api/locations/random answers after an extra delay of
/// <c>Practice:SlowDependencyMs</c> plus a uniform jitter of up to <c>Practice:SlowDependencyJitterMs</c> (the one
/// bottleneck that is an injected delay: a dependency that is slow and uneven, as a remote one would be). Added to the
/// locations routes only while the switch is on.
/// </summary>
public static class SlowDependency
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var practice = http.RequestServices.GetRequiredService<PracticeSettings>();
        if (http.Request.Path.Value?.EndsWith("/random", StringComparison.Ordinal) == true)
        {
            var delay = practice.Number(PracticeCatalogue.SlowDependencyMs) + Random.Shared.NextDouble() * practice.Number(PracticeCatalogue.SlowDependencyJitterMs);
            await Task.Delay(TimeSpan.FromMilliseconds(delay), http.RequestAborted);
        }
        return await next(context);
    }
}
