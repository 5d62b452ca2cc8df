using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Floe.Storage.FileSystem;

/// <summary>The few libc calls .NET does not expose: fsync of a directory, fdatasync, sync_file_range, and a rename with no copy fallback.</summary>
internal static partial class LibC
{
    /// <summary>Read-only; a directory can be opened this way and then fsync'ed.</summary>
    public const int ORdOnly = 0;

    /// <summary>Write-only.</summary>
    public const int OWrOnly = 1;

    /// <summary>Same value on every Linux architecture .NET supports.</summary>
    public const int OCloExec = 0x80000;

    /// <summary>O_DIRECT, whose value differs by architecture; 0 where it is not known here.</summary>
    public static int ODirect => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    /// <summary>errno: the file system cannot sync this kind of file (some do not sync directories).</summary>
    public const int EInval = 22;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fileDescriptor);

    /// <summary>sync_file_range(2): start writing back dirty pages of the range, without waiting.</summary>
    public const uint SyncFileRangeWrite = 2;

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int Fdatasync(SafeFileHandle file);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    public static partial int SyncFileRange(SafeFileHandle file, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fileDescriptor);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Rename(string oldPath, string newPath);

    public static IOException Failure(string call, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed for '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }
}
