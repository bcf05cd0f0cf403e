using SuperHeroes.Practice;

namespace Villains.Api;

/// <summary>
/// The practice fault FailingVillains: GET /api/villains/random answers 503 to every call beyond
/// <c>Practice:FailingVillainsCapacity</c> in the current second (at once, as a service that sheds load would), and
/// 500 to <c>Practice:FailingVillainsPercent</c> % of the others. A caller whose retries add load makes it fail more:
/// the fault under which retries without backoff become a storm (<see cref="PracticeCatalogue.RetryStorm"/>).
/// </summary>
public sealed class FailingVillains(PracticeSettings practice, TimeProvider time)
{
    private readonly double _failureShare = practice.Number(PracticeCatalogue.FailingVillainsPercent) / 100;
    private readonly double _capacity = practice.Number(PracticeCatalogue.FailingVillainsCapacity);
    private readonly Lock _gate = new();
    private long _second = -1;
    private long _calls;

    public async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.Path.Value?.EndsWith("/random", StringComparison.Ordinal) != true)
            return await next(context);
        if (!Admit())
            return Fault(StatusCodes.Status503ServiceUnavailable, $"more than {_capacity} calls this second");
        if (Random.Shared.NextDouble() < _failureShare)
            return Fault(StatusCodes.Status500InternalServerError, $"{_failureShare:P0} of calls fail");
        return await next(context);
    }

    private bool Admit()
    {
        var second = time.GetTimestamp() / time.TimestampFrequency;
        lock (_gate)
        {
            if (second != _second)
                (_second, _calls) = (second, 0);
            return ++_calls <= _capacity;
        }
    }

    private static IResult Fault(int status, string why) =>
        TypedResults.Problem(statusCode: status, title: $"Practice fault {PracticeCatalogue.FailingVillains}", detail: why);
}
