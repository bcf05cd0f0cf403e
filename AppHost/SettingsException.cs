namespace SuperHeroes.Practice;

/// <summary>A practice switch of the AppHost's configuration that names no bottleneck or has no valid value.</summary>
public sealed class PracticeSettingsException(string message) : Exception(message);
