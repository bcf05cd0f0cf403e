using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PerfRunner.Load;

/// <summary>One iteration of a scenario: a fixed-rate arrival that may make several requests.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>A URL fetched once before the run, so an unreachable target fails fast with a clear message.</summary>
    Uri ProbeUri { get; }

    ValueTask<IterationOutcome> RunAsync(ScenarioContext context, CancellationToken ct);
}

public readonly record struct Reply(int? Status, string? Body, string? ErrorKind)
{
    public bool Ok => ErrorKind is null;
}

/// <summary>Sends the requests of one iteration, each timed and counted under its name and traced under the iteration's trace.</summary>
public sealed class ScenarioContext(HttpClient client, RunRecorder recorder, long due, TimeSpan timeout, IterationTrace trace = default)
{
    public IterationPhases Phases { get; } = new();

    public Task<Reply> GetAsync(string name, Uri uri, CancellationToken ct) =>
        SendAsync(name, new HttpRequestMessage(HttpMethod.Get, uri), ct);

    public Task<Reply> PostJsonAsync(string name, Uri uri, string json, CancellationToken ct) =>
        SendAsync(name, new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, ct);

    private async Task<Reply> SendAsync(string name, HttpRequestMessage request, CancellationToken ct)
    {
        using var _ = request;
        if (!trace.IsEmpty)
            request.Headers.TryAddWithoutValidation("traceparent", trace.TraceParent());
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        Reply reply;
        IEnumerable<string?> serverTiming = [];
        try
        {
            using var response = await client.SendAsync(request, timeoutCts.Token);
            var body = await response.Content.ReadAsStringAsync(timeoutCts.Token);
            var status = (int)response.StatusCode;
            if (response.Headers.TryGetValues(ServiceDefaults.ServerTimingHeader.Name, out var timing))
                serverTiming = timing;
            reply = new Reply(status, body, ErrorKinds.OfStatus(status));
        }
        catch (Exception e)
        {
            reply = new Reply(null, null, ErrorKinds.Of(e, ct));
        }
        var elapsed = Stopwatch.GetTimestamp() - started;
        Phases.AddRequest(elapsed * 1000.0 / Stopwatch.Frequency, serverTiming);
        recorder.RecordRequest(due, name, elapsed, reply.Status, reply.ErrorKind);
        return reply;
    }
}

/// <summary>Error kinds, named as in the JSON and the report.</summary>
public static class ErrorKinds
{
    public const string Timeout = "timeout";
    public const string ConnectionRefused = "connection_refused";
    public const string Cancelled = "cancelled";

    public static string? OfStatus(int status) => status switch
    {
        >= 200 and < 300 => null,
        >= 500 => "http_5xx",
        >= 400 => "http_4xx",
        _ => $"http_{status}",
    };

    public static string Of(Exception e, CancellationToken runToken) => e switch
    {
        OperationCanceledException when runToken.IsCancellationRequested => Cancelled,
        OperationCanceledException => Timeout,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } =>
            ConnectionRefused,
        HttpRequestException h => "http_" + Snake(h.HttpRequestError.ToString()),
        _ => Snake(e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)),
    };

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
