using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Floe.Storage.FileSystem;

/// <summary>
/// Directory operations that survive a power cut: new directory entries are fsync'ed through their
/// parent, and a file is published by an atomic rename. The fsyncs happen on Linux only (the
/// production platform); elsewhere they are skipped and the rename is <see cref="File.Move(string, string, bool)"/>.
/// </summary>
internal static class DurableFiles
{
    /// <summary>Makes the entries of <paramref name="directory"/> (creations, renames) durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int descriptor = LibC.Open(directory, LibC.ORdOnly | LibC.OCloExec, 0);
        if (descriptor < 0)
        {
            throw LibC.Failure("open", directory);
        }

        try
        {
            if (LibC.Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() != LibC.EInval)
            {
                throw LibC.Failure("fsync", directory);
            }
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }

    /// <summary>
    /// Makes a file's data durable, with the metadata needed to read it back (its size): fdatasync(2)
    /// on Linux, which skips the timestamps fsync would also write; elsewhere a full flush.
    /// </summary>
    public static void SyncData(FileStream file)
    {
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        file.Flush();
        if (LibC.Fdatasync(file.SafeFileHandle) != 0)
        {
            throw LibC.Failure("fdatasync", file.Name);
        }
    }

    /// <summary>
    /// Asks the kernel to start writing back a range just written (sync_file_range(2) with
    /// SYNC_FILE_RANGE_WRITE), so a later <see cref="SyncData"/> has less to wait for. A hint only: it
    /// makes nothing durable, its failure is ignored, and it does nothing off Linux.
    /// </summary>
    public static void StartWriteBack(SafeFileHandle file, long offset, long count)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = LibC.SyncFileRange(file, offset, count, LibC.SyncFileRangeWrite);
        }
    }

    /// <summary>Creates <paramref name="directory"/> and any missing ancestors, each made durable in its parent.</summary>
    public static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        string? parent = Path.GetDirectoryName(directory);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(directory);
        if (parent is not null)
        {
            SyncDirectory(parent);
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="destination"/> in one step, replacing it if
    /// present. On Linux this is rename(2) itself: across file systems it fails instead of copying,
    /// because a copy could leave a partial file at the destination.
    /// </summary>
    public static void RenameAtomically(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(source, destination, overwrite: true);
            return;
        }

        if (LibC.Rename(source, destination) != 0)
        {
            throw LibC.Failure("rename", source);
        }
    }
}
