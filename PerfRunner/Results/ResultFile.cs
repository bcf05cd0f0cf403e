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
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultFileException($"cannot read {path}: {e.Message}");
        }
        RunResult? result;
        try
        {
            result = JsonSerializer.Deserialize<RunResult>(text, Json);
        }
        catch (JsonException e)
        {
            throw new ResultFileException($"{path} is not a PerfRunner result: {e.Message}");
        }
        if (result is null || result.Tool?.Name != "PerfRunner" || result.SchemaVersion is null)
        {
            throw new ResultFileException($"{path} is not a PerfRunner result (no tool name or schemaVersion)");
        }
        if (result.SchemaVersion.Split('.')[0] != RunResult.CurrentSchema.Split('.')[0])
        {
            throw new ResultFileException(
                $"{path} has schema {result.SchemaVersion}; this PerfRunner reads {RunResult.CurrentSchema}. Run the baseline again.");
        }
        if (result.Runs is not { Count: > 0 } || result.Config is null || result.Metrics is null ||
            result.Runs.Any(r => r.TimeSeries is null || r.Metrics is null))
        {
            throw new ResultFileException($"{path} is incomplete: it has no runs, config or metrics");
        }
        return result;
    }

    /// <summary>
    /// One result, or several (comma-separated paths) merged into one with every run of each: runs made on separate
    /// starts of the system, compared as repeats, so that the verdict weighs the spread between starts too.
    /// </summary>
    public static RunResult ReadMerged(string paths)
    {
        var results = paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Read).ToList();
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
