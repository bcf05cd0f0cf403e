using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Hosting;

// A service started from another directory (`dotnet Fights.Api/bin/Release/net10.0/Fights.Api.dll` from the
// repository's root) has that directory as its content root, where there is no appsettings.json: it would run on the
// framework's defaults, every request logged at Information, and say nothing of it. The build copies the settings
// beside the app, so they are read from there instead, in the same place among the sources, so that the environment
// and the command line still override them.
public static class SettingsBesideTheApp
{
    private const string SettingsFile = "appsettings.json";

    public static TBuilder ReadSettingsBesideTheApp<TBuilder>(this TBuilder builder, string? appDirectory = null)
        where TBuilder : IHostApplicationBuilder
    {
        appDirectory ??= AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, SettingsFile))
            || !File.Exists(Path.Combine(appDirectory, SettingsFile)))
        {
            return builder;
        }

        var beside = new PhysicalFileProvider(appDirectory);
        var sources = builder.Configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json
                && !Path.IsPathRooted(path)
                && path.StartsWith("appsettings.", StringComparison.OrdinalIgnoreCase))
            {
                // Replacing a source in the manager's list reloads the configuration from every source.
                sources[i] = new JsonConfigurationSource
                {
                    FileProvider = beside,
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = json.ReloadOnChange,
                };
            }
        }

        return builder;
    }
}
