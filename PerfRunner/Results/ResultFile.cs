using System.Text.Json;
using System.Text.Json.Serialization;

namespace PerfRunner.Results;

/// <summary>A result file that cannot be used: the message is shown to the user as is.</summary>
public sealed class ResultFileException(string message) : Exception(message);

public static class ResultFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task WriteAsync<T>(string path, T value, CancellationToken ct)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, value, Json, ct);
    }

    /// <summary>Reads a PerfRunner result, refusing anything that is not one (with a message saying why).</summary>
    public static RunResult Read(string path)
    {
        var result = Deserialize<RunResult>(path, out var text);
        Check(path, result?.Tool, result?.SchemaVersion);
        if (IsSweep(text))
        {
            throw new ResultFileException($"{path} is a sweep; compare it with another sweep");
        }
        if (result!.Runs is not { Count: > 0 } || result.Config is null || result.Metrics is null ||
            result.Runs.Any(r => r.TimeSeries is null || r.Metrics is null))
        {
            throw new ResultFileException($"{path} is incomplete: it has no runs, config or metrics");
        }
        return result;
    }

    /// <summary>Reads a sweep's result, refusing anything that is not one.</summary>
    public static SweepResult ReadSweep(string path)
    {
        var result = Deserialize<SweepResult>(path, out var text);
        Check(path, result?.Tool, result?.SchemaVersion);
        if (!IsSweep(text) || result!.Steps is null || result.Config is null)
        {
            throw new ResultFileException($"{path} is not a sweep (written by PerfRunner sweep)");
        }
        return result;
    }

    /// <summary>One sweep, or several (comma-separated paths), each of a separate start of the system.</summary>
    public static IReadOnlyList<SweepResult> ReadSweeps(string paths)
    {
        var sweeps = Paths(paths).Select(ReadSweep).ToList();
        return sweeps.Count > 0 ? sweeps : throw new ResultFileException("no sweep file given");
    }

    /// <summary>Whether the file holds a sweep rather than a run; false when it cannot be read (reading it says why).</summary>
    public static bool IsSweepFile(string path)
    {
        try
        {
            return IsSweep(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsSweep(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("steps", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static T? Deserialize<T>(string path, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultFileException($"cannot read {path}: {e.Message}");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException e)
        {
            throw new ResultFileException($"{path} is not a PerfRunner result: {e.Message}");
        }
    }

    private static void Check(string path, ToolInfo? tool, string? schemaVersion)
    {
        if (tool?.Name != "PerfRunner" || schemaVersion is null)
        {
            throw new ResultFileException($"{path} is not a PerfRunner result (no tool name or schemaVersion)");
        }
        if (schemaVersion.Split('.')[0] != RunResult.CurrentSchema.Split('.')[0])
        {
            throw new ResultFileException(
                $"{path} has schema {schemaVersion}; this PerfRunner reads {RunResult.CurrentSchema}. Run the baseline again.");
        }
    }

    /// <summary>
    /// One result, or several (comma-separated paths) merged into one with every run of each: runs made on separate
    /// starts of the system, compared as repeats, so that the verdict weighs the spread between starts too.
    /// </summary>
    /// <summary>The files of a comma-separated list, as given for several results (starts) a side.</summary>
    public static string[] Paths(string paths) => paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static RunResult ReadMerged(string paths)
    {
        var results = Paths(paths).Select(Read).ToList();
        if (results.Count == 0)
        {
            throw new ResultFileException("no result file given");
        }
        if (results.Count == 1)
        {
            return results[0];
        }
        if (results.Select(r => r.Config.ComparableKey).Distinct().Count() > 1)
        {
            throw new ResultFileException($"{paths}: the results to merge differ in configuration; merge only runs of one configuration");
        }
        var runs = results.SelectMany(r => r.Runs).Select((run, i) => run with { Index = i + 1 }).ToList();
        return ResultBuilder.Combine(results[0].Config, runs) with { Environment = results[0].Environment };
    }
}
