using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

/// <summary>The fights service as its built app (<c>dotnet Fights.Api.dll</c>), as a user runs it alone.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ServiceProcess(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost.Path, [Path.Combine(AppContext.BaseDirectory, "Fights.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var inherited in start.Environment.Keys
                     .Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal))
                     .ToList())
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ServiceProcess Start(Dictionary<string, string> environment) => new(environment);

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits until standard output or standard error has a line containing <paramref name="text"/>.</summary>
    public Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
            _awaited.Add((text, seen));
        if (Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal))
            seen.TrySetResult();
        return seen.Task.WaitAsync(timeout);
    }

    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, once the process has ended and its output is read to the end.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>A loopback port nothing listens on (bound and let go).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
        lock (_awaited)
            foreach (var (text, seen) in _awaited)
                if (line.Contains(text, StringComparison.Ordinal))
                    seen.TrySetResult();
    }
}
