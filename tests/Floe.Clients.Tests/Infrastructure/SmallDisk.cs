using System.Globalization;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// A real, small file system (tmpfs of a fixed size, mounted for the test; needs root) that a test can
/// fill to the last byte, so that writes under it fail with ENOSPC as on a full disk.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private readonly ScratchDirectory _mountPoint;

    private SmallDisk(ScratchDirectory mountPoint)
    {
        _mountPoint = mountPoint;
    }

    public string Path => _mountPoint.Path;

    public static async Task<SmallDisk> MountAsync(int sizeMiB)
    {
        ScratchDirectory mountPoint = ScratchDirectory.Create("floe-disk");
        await Tool.CheckedAsync("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={sizeMiB}m"), "tmpfs", mountPoint.Path);
        return new SmallDisk(mountPoint);
    }

    public string Combine(params string[] parts) => _mountPoint.Combine(parts);

    /// <summary>Writes on at the end of <paramref name="file"/> until the disk refuses another byte; returns its size.</summary>
    public long Fill(string file)
    {
        byte[] block = new byte[4096];
        Random.Shared.NextBytes(block);
        using FileStream filler = new(file, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            return filler.Length;
        }
    }

    /// <summary>Bytes used under <paramref name="directory"/>, as <c>du</c> counts them (allocated, not apparent).</summary>
    public static async Task<long> DiskUsageAsync(string directory)
    {
        string output = await Tool.CheckedAsync("du", "-s", "-B1", directory);
        return long.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _mountPoint.DeleteAsync();
}
