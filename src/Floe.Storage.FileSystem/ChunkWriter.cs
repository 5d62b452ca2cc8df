using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Floe.Storage.FileSystem;

/// <summary>
/// Writes an append's chunks to the upload file. On Linux, whole blocks go straight to the disk
/// through a second, O_DIRECT handle: they skip the copy into the page cache (the largest cost of an
/// upload on a virtual machine, where every fresh page-cache page faults in from the host) and leave
/// the commit's fdatasync little more than the size and the device cache to flush. What is not a whole
/// number of blocks (a blob's last few KiB, or any append that starts off a block boundary) is written
/// through the page cache. Durability is unchanged: the commit still fdatasyncs the file.
/// </summary>
internal sealed class ChunkWriter : IDisposable
{
    private readonly SafeFileHandle buffered;
    private SafeFileHandle? direct;

    private ChunkWriter(SafeFileHandle buffered, SafeFileHandle? direct)
    {
        this.buffered = buffered;
        this.direct = direct;
    }

    /// <summary>Whether writes bypass the page cache (so no write-back hint is needed).</summary>
    public bool IsDirect => direct is not null;

    /// <summary>A writer for an append at <paramref name="offset"/>; direct when the offset is block-aligned and the platform allows.</summary>
    public static ChunkWriter Open(FileStream file, long offset) =>
        new(file.SafeFileHandle, offset % AlignedBuffer.Alignment == 0 ? TryOpenDirect(file.Name) : null);

    /// <summary>Writes <paramref name="chunk"/> (in an <see cref="AlignedBuffer"/>) at <paramref name="offset"/>.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> chunk, long offset, CancellationToken cancellationToken)
    {
        int whole = direct is null ? 0 : chunk.Length - (chunk.Length % AlignedBuffer.Alignment);
        if (whole > 0)
        {
            try
            {
                await RandomAccess.WriteAsync(direct!, chunk[..whole], offset, cancellationToken);
            }
            catch (IOException)
            {
                // The file system refused a direct write (an alignment it wants larger, say): the page
                // cache takes this chunk and the rest. A real I/O failure will recur below and be thrown.
                DropDirect();
                whole = 0;
            }
        }

        if (whole < chunk.Length)
        {
            // Past this point the file is no longer block-aligned, so later chunks cannot go direct.
            DropDirect();
            await RandomAccess.WriteAsync(buffered, chunk[whole..], offset + whole, cancellationToken);
        }
    }

    public void Dispose() => DropDirect();

    private void DropDirect()
    {
        direct?.Dispose();
        direct = null;
    }

    /// <summary>A second handle on the file with O_DIRECT, or <c>null</c> where that is unavailable (off Linux, tmpfs).</summary>
    private static SafeFileHandle? TryOpenDirect(string path)
    {
        int flag = LibC.ODirect;
        if (!OperatingSystem.IsLinux() || flag == 0)
        {
            return null;
        }

        int descriptor = LibC.Open(path, LibC.OWrOnly | LibC.OCloExec | flag, 0);
        return descriptor < 0 ? null : new SafeFileHandle(descriptor, ownsHandle: true);
    }
}
