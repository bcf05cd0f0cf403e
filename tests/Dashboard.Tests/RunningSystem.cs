using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Dashboard.Tests;

/// <summary>
/// The system as a user starts it: <c>dotnet run --project AppHost --launch-profile http</c> (dashboard on
/// http://localhost:18888), local PostgreSQL on a throwaway data directory, stopped with Ctrl+C (SIGINT). The caller
/// holds the <see cref="FixedPortsLock"/> and owns the directories, so a second start can reuse the data.
/// </summary>
public sealed partial class RunningSystem : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<string> _login = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string DataDirectory { get; }
    public string ResultsDirectory { get; }
    public string LoginUrl => _login.Task.Result;
    public string Output { get { lock (_output) { return string.Join('\n', _output); } } }

    private RunningSystem(string data, string results)
    {
        (DataDirectory, ResultsDirectory) = (data, results);
        // Through env --default-signal=INT: a test run started in the background (nohup, `&` in a script, some CI
        // runners) hands its children an ignored SIGINT, which .NET keeps ignoring, so Ctrl+C would never reach the
        // AppHost; a user's terminal gives it the default disposition, and so does this.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        // The configuration this test was built in, which built the AppHost too (the AppHost alone defaults to Release).
        var configuration = typeof(RunningSystem).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        foreach (var argument in new[] { "--default-signal=INT", "dotnet", "run", "--project", "AppHost", "-c", configuration, "--no-build", "--launch-profile", "http" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Postgres__Mode"] = "Local";
        start.Environment["LocalPostgres__DataDirectory"] = data;
        start.Environment["PerfRunner__ResultsDirectory"] = results;
        start.Environment["PerfRunner__Duration"] = "4s";
        start.Environment["PerfRunner__Warmup"] = "1s";
        start.Environment["PerfRunner__ColdWarmup"] = "3s";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<RunningSystem> StartAsync(string dataDirectory, string resultsDirectory)
    {
        var system = new RunningSystem(dataDirectory, resultsDirectory);
        await system._login.Task.WaitAsync(StartTimeout);
        return system;
    }

    /// <summary>Ctrl+C, as in a terminal: SIGINT to the AppHost (dotnet run's child), then wait for both to end.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }
        foreach (var child in Children(_process.Id))
        {
            using var kill = Process.Start("kill", ["-INT", child.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!await StopAsync(TimeSpan.FromSeconds(60)))
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    /// <summary>What a stop that timed out left behind: the system's processes still running, and the AppHost's last words.</summary>
    public string DescribeLeftovers()
    {
        string[] marks = ["AppHost", "dcp", ".Api.dll", "PerfRunner", DataDirectory];
        var running = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            string args;
            try { args = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim(); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (marks.Any(m => args.Contains(m, StringComparison.Ordinal)) && !args.Contains("testhost", StringComparison.Ordinal))
                running.Add($"{pid} {(args.Length > 200 ? args[..200] : args)}");
        }
        List<string> output;
        lock (_output) { output = [.. _output.TakeLast(40)]; }
        return "still running:\n" + string.Join('\n', running) + "\nthe AppHost's last output:\n" + string.Join('\n', output);
    }

    /// <summary>
    /// Every service's <c>trace_roots_total</c> (its local roots by whether and why their traces were exported) and
    /// <c>telemetry_problems_total</c> (what its exporter reported about itself: a batch it could not deliver among them).
    /// </summary>
    public static async Task<string> TraceExportDecisionsAsync(HttpClient http)
    {
        var lines = new List<string>();
        foreach (var (service, port) in new[] { ("heroes", 8001), ("villains", 8002), ("locations", 8003), ("fights", 8004) })
        {
            try
            {
                var metrics = await http.GetStringAsync($"http://localhost:{port}/metrics");
                lines.AddRange(metrics.Split('\n')
                    .Where(l => l.StartsWith("trace_roots_total", StringComparison.Ordinal) || l.StartsWith("telemetry_problems_total", StringComparison.Ordinal))
                    .Select(l => $"{service}: {l}"));
            }
            catch (HttpRequestException e)
            {
                lines.Add($"{service}: /metrics could not be read: {e.Message}");
            }
        }
        return string.Join('\n', lines);
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        if (LoginLine().Match(line) is { Success: true } match)
        {
            _login.TrySetResult(match.Groups[1].Value);
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperHeroes.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SuperHeroes.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+)")]
    private static partial Regex LoginLine();
}
