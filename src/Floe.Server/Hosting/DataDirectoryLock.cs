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
    private readonly string _directory;
    private readonly bool _created;

    private DataDirectoryLock(FileStream held, string directory, bool created)
    {
        _lock = held;
        _directory = directory;
        _created = created;
    }

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
        bool created = !Directory.Exists(directory);
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

        return new DataDirectoryLock(held, directory, created);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Startup failed after the lock was taken (the metadata database was unreachable, say): drops the lock
    /// and, when this start created the data directory, removes it again, so a failed start leaves nothing.
    /// </summary>
    public void ReleaseAfterFailedStart()
    {
        _lock.Dispose();
        try
        {
            if (_created)
            {
                Directory.Delete(_directory, recursive: true);
            }
            else
            {
                File.Delete(Path.Combine(_directory, "floe.pid"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the startup error already says what went wrong.
        }
    }

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
