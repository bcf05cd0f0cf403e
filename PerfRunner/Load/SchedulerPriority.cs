using System.Runtime.InteropServices;

namespace PerfRunner.Load;

/// <summary>
/// Raises the scheduler thread's priority where the OS allows it. On Linux, Thread.Priority does nothing, so the
/// thread's nice value is lowered directly (allowed for root or with CAP_SYS_NICE; otherwise it stays as it is and
/// the send-lag figures show what that costs).
/// </summary>
internal static class SchedulerPriority
{
    private const int PrioProcess = 0;

    public static bool TryRaise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return SetPriority(PrioProcess, GetTid(), -10) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
