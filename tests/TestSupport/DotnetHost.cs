namespace SuperHeroes.Tests;

/// <summary>The <c>dotnet</c> host that runs these tests, for starting a built app as a process the way a user does.</summary>
public static class DotnetHost
{
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");
}
