using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Fights.Api.Tests;

/// <summary>
/// A service started from a directory other than its project's reads the settings its build put beside it, and what
/// the command line says still wins. Real directories, real builders.
/// </summary>
public sealed class SettingsBesideTheAppTests : IDisposable
{
    private const string RequestLogLevel = "Logging:LogLevel:Microsoft.AspNetCore";
    private readonly DirectoryInfo _elsewhere = Directory.CreateTempSubdirectory("superheroes-cwd-");
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("superheroes-app-");

    [Fact]
    public void AServiceStartedFromAnotherDirectoryReadsTheSettingsBesideIt()
    {
        WriteRequestLogLevel(_app, "Warning");

        var builder = Builder();

        Assert.Equal("Warning", builder.Configuration[RequestLogLevel]);
    }

    [Fact]
    public void TheCommandLineStillOverridesTheSettingsBesideTheApp()
    {
        WriteRequestLogLevel(_app, "Warning");

        var builder = Builder($"--{RequestLogLevel}=Error");

        Assert.Equal("Error", builder.Configuration[RequestLogLevel]);
    }

    [Fact]
    public void SettingsInTheContentRootAreReadWhenItHasThem()
    {
        WriteRequestLogLevel(_app, "Warning");
        WriteRequestLogLevel(_elsewhere, "Critical");

        var builder = Builder();

        Assert.Equal("Critical", builder.Configuration[RequestLogLevel]);
    }

    public void Dispose()
    {
        _elsewhere.Delete(recursive: true);
        _app.Delete(recursive: true);
    }

    private WebApplicationBuilder Builder(params string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = _elsewhere.FullName })
            .ReadSettingsBesideTheApp(_app.FullName);

    private static void WriteRequestLogLevel(DirectoryInfo directory, string level) =>
        File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"),
            $$"""{ "Logging": { "LogLevel": { "Microsoft.AspNetCore": "{{level}}" } } }""");
}
