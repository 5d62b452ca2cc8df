using System.Globalization;

namespace Floe.Server.Hosting;

/// <summary>
/// One <c>floe serve</c> owns a data directory: it holds an exclusive lock (<c>flock</c>, taken by
/// <see cref="FileShare.None"/>) on <c>DataDir/floe.lock</c> for as long as it runs, and writes its
/// process id to <c>DataDir/floe.pid</c> so a second server can name it. The kernel drops the lock
/// with the process, however it ends, so a killed server leaves no stale lock behind.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;

    private DataDirectoryLock(FileStream held) => _lock = held;

    /// <summary>
    /// Creates the data directory when missing and locks it; throws <see cref="FloeConfigurationException"/>
    /// when the directory cannot be used or another process holds it.
    /// </summary>
    public static DataDirectoryLock Acquire(string dataDir)
    {
        string directory = Path.GetFullPath(dataDir);
        if (File.Exists(directory))
        {
            throw new FloeConfigurationException($"the data directory '{directory}' is a file, not a directory (--data-dir)");
        }

        string lockPath = Path.Combine(directory, "floe.lock");
        string pidPath = Path.Combine(directory, "floe.pid");
        FileStream held;
        try
        {
            Directory.CreateDirectory(directory);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath) && Directory.Exists(directory))
        {
            throw new FloeConfigurationException(
                $"the data directory '{directory}' is in use by another floe serve ({Owner(pidPath)}); stop it, or give this one its own --data-dir");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FloeConfigurationException($"cannot use the data directory '{directory}' (--data-dir): {ex.Message}");
        }

        try
        {
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            held.Dispose();
            throw new FloeConfigurationException($"cannot write in the data directory '{directory}' (--data-dir): {ex.Message}");
        }

        return new DataDirectoryLock(held);
    }

    public void Dispose() => _lock.Dispose();

    private static string Owner(string pidPath)
    {
        try
        {
            string pid = File.ReadAllText(pidPath).Trim();
            return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "process " + pid : "process unknown";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "process unknown";
        }
    }
}
