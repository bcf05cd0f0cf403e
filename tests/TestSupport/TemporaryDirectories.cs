namespace SuperHeroes.Tests;

public static class TemporaryDirectories
{
    /// <summary>
    /// Deletes the directories a test made. One a process of the system still writes into as it ends (PostgreSQL's
    /// last files) is left to the system's temporary-file cleanup: a test that passed does not fail on its tidying up.
    /// </summary>
    public static void DeleteQuietly(params string[] directories)
    {
        foreach (var directory in directories)
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
