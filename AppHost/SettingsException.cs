namespace SuperHeroes;

/// <summary>
/// A setting of the AppHost's configuration with no valid value (a practice switch that names no bottleneck, a trace
/// setting out of range): the AppHost says which and stops before anything starts.
/// </summary>
public sealed class SettingsException(string message) : Exception(message);
