using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PerfRunner.Tests;

/// <summary>
/// A real Kestrel server on a free loopback port: /ok answers at once, /stall waits while a stall is on, /fail is a 500,
/// /api/fights/execute_fight answers <see cref="Fight"/> as JSON, /metrics says it has served <see cref="Served"/> requests.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile TaskCompletionSource? _stall;
    private int _stallRequests;
    private int _stallAtRequest = int.MaxValue;
    private TimeSpan _stallLength;
    private TaskCompletionSource _stallEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _flakyRequests;
    private int _failFrom = int.MaxValue;
    private int _failUntil = int.MaxValue;

    private TestServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public string Fight { get; set; } = "{}";

    /// <summary>The requests /metrics says this server has served since it started.</summary>
    public long Served { get; set; } = 1_000_000;

    /// <summary>The traceparent header of every /ok request, in arrival order (null where there was none).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string?> TraceParents { get; } = new();

    public static async Task<TestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestServer(app);
        app.MapGet("/ok", (HttpRequest request) =>
        {
            server.TraceParents.Enqueue(request.Headers.TraceParent.FirstOrDefault());
            return "ok";
        });
        app.MapGet("/api/fights/execute_fight", () => Microsoft.AspNetCore.Http.Results.Content(server.Fight, "application/json"));
        app.MapGet("/metrics", () => Microsoft.AspNetCore.Http.Results.Text(
            $"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_route=\"/ok\"}} {server.Served}\n"));
        app.MapGet("/fail", () => Microsoft.AspNetCore.Http.Results.StatusCode(500));
        app.MapGet("/flaky", () =>
        {
            var n = Interlocked.Increment(ref server._flakyRequests);
            return n >= Volatile.Read(ref server._failFrom) && n < Volatile.Read(ref server._failUntil)
                ? Microsoft.AspNetCore.Http.Results.StatusCode(500) : Microsoft.AspNetCore.Http.Results.Ok("ok");
        });
        app.MapGet("/stall", async () =>
        {
            if (Interlocked.Increment(ref server._stallRequests) == Volatile.Read(ref server._stallAtRequest))
                _ = server.StallAsync(TimeSpan.Zero, server._stallLength).ContinueWith(_ => server._stallEnded.TrySetResult(), TaskScheduler.Default);
            if (server._stall is { } stall)
            {
                await stall.Task;
            }
            return "ok";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address + "/");
        return server;
    }

    /// <summary>Every /stall request from <paramref name="after"/> on waits until the stall has lasted <paramref name="length"/>.</summary>
    public async Task StallAsync(TimeSpan after, TimeSpan length)
    {
        await Task.Delay(after);
        var stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stall = stall;
        await Task.Delay(length);
        _stall = null;
        stall.SetResult();
    }

    /// <summary>
    /// The <paramref name="request"/>-th /stall request, counted from now, starts a stall of <paramref name="length"/>:
    /// where it falls in a run depends on the requests made, not on how fast a busy machine got there. The task ends
    /// with the stall.
    /// </summary>
    public Task StallAtRequest(int request, TimeSpan length)
    {
        _stallLength = length;
        _stallEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _stallRequests, 0);
        Volatile.Write(ref _stallAtRequest, request);
        return _stallEnded.Task;
    }

    /// <summary>
    /// /flaky requests number <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1,
    /// counted from now, answer 500: where the burst falls in a run depends on the requests made, not on how fast a
    /// busy machine got there.
    /// </summary>
    public void FailRequests(int first, int count)
    {
        Volatile.Write(ref _flakyRequests, 0);
        Volatile.Write(ref _failUntil, first + count);
        Volatile.Write(ref _failFrom, first);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
