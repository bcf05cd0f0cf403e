using System.Diagnostics;

namespace SuperHeroes.Postgres;

/// <summary>Finds a PostgreSQL server installation: a folder that holds both <c>initdb</c> and <c>postgres</c>.</summary>
public static class PostgresBinaries
{
    public const string DefaultInstallRoot = "/usr/lib/postgresql";

    /// <summary>Looks in <c>PATH</c>, then <c>pg_config --bindir</c>, then the newest <c>{installRoot}/*/bin</c>.</summary>
    public static string? Find(string? pathVariable, string installRoot = DefaultInstallRoot)
    {
        var pathDirectories = (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var fromPath = pathDirectories.FirstOrDefault(IsServerDirectory);
        if (fromPath is not null)
            return fromPath;

        var pgConfig = pathDirectories.Select(d => Path.Combine(d, "pg_config")).FirstOrDefault(File.Exists);
        if (pgConfig is not null && Run(pgConfig, "--bindir") is { } binDir && IsServerDirectory(binDir))
            return binDir;

        if (!Directory.Exists(installRoot))
            return null;
        return Directory.GetDirectories(installRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(IsServerDirectory)
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static bool IsServerDirectory(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private static string? Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
