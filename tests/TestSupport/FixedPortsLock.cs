namespace TestSupport;

/// <summary>
/// The whole system listens on fixed ports (services 8001-8004, dashboard 18888), so two test projects that start
/// it must take turns even though <c>dotnet test</c> runs test projects in parallel. An exclusive lock on a file
/// (flock on Linux) is released by the OS even when a test process dies.
/// </summary>
public sealed class FixedPortsLock : IDisposable
{
    private static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "superheroes-fixed-ports.lock");
    private readonly FileStream _stream;

    private FixedPortsLock(FileStream stream) => _stream = stream;

    public static async Task<FixedPortsLock> AcquireAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FixedPortsLock(new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
