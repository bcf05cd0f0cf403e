namespace Dashboard.Tests;

/// <summary>
/// A test that needs the system's Chromium (Debian's <c>chromium</c> package; no browser download). Skipped with the
/// reason, not failed, only where it is not installed: <c>.ci/run</c> installs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static readonly string? Executable =
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(File.Exists);

    public ChromiumFactAttribute()
    {
        if (Executable is null)
        {
            Skip = "No Chromium found (apt-get install chromium, or set CHROMIUM_PATH)";
        }
    }
}
