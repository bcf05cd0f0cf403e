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
}
