namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// A short-named directory under <c>/tmp</c> for a container engine's state (unix socket paths are
/// limited to about 100 bytes, so the name stays short). Deleting it first unmounts anything an
/// engine left mounted below it, deepest first, then removes the tree.
/// </summary>
public sealed class ScratchDirectory
{
    private ScratchDirectory(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static ScratchDirectory Create(string prefix)
    {
        string path = System.IO.Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return new ScratchDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public async Task DeleteAsync()
    {
        foreach (string mountPoint in MountPointsBelow(Path))
        {
            await Tool.RunAsync("umount", "-l", mountPoint);
        }

        if (Directory.Exists(Path))
        {
            // rm copes with what the engines write (read-only layers, device files) better than Directory.Delete.
            await Tool.RunAsync("rm", "-rf", Path);
        }
    }

    private static IEnumerable<string> MountPointsBelow(string path)
    {
        if (!File.Exists("/proc/self/mounts"))
        {
            return [];
        }

        string prefix = path.TrimEnd('/') + "/";
        return File.ReadAllLines("/proc/self/mounts")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 1)
            .Select(fields => fields[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mountPoint => mountPoint.StartsWith(prefix, StringComparison.Ordinal) || mountPoint == path)
            .OrderByDescending(mountPoint => mountPoint.Length)
            .ToList();
    }
}
