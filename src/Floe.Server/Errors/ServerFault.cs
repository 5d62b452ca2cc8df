using Floe.Core.Errors;
using Microsoft.AspNetCore.Connections;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Floe.Server.Errors;

/// <summary>What an exception that escaped a request means for the answer and for the log.</summary>
internal enum ServerFault
{
    /// <summary>The client hung up, or Kestrel cut its body (too slow, shorter than announced): not a server error.</summary>
    ClientGone,

    /// <summary>No space left: ENOSPC or EDQUOT from a blob write, or a metadata store out of space (SQLITE_FULL, PostgreSQL's disk_full).</summary>
    StorageFull,

    /// <summary>The store refuses I/O (EIO, a read-only file system, a database I/O, busy, locked or lost-connection error): waiting may help.</summary>
    StorageUnavailable,

    /// <summary>Anything else: a bug, logged with its trace.</summary>
    Unexpected,
}

/// <summary>
/// Tells a <see cref="ServerFault"/> from an exception. Storage faults are recognised by their error
/// numbers, wherever they are wrapped: the operating system's for files, and each metadata backend's own
/// through the <see cref="IStorageFaultClassifier"/> it registers. A client that went away is recognised by
/// Kestrel's exceptions or by the request's own abort token.
/// </summary>
internal sealed class ServerFaults(IEnumerable<IStorageFaultClassifier> backends)
{
    // Linux errno values, which .NET puts in IOException.HResult on Unix, and the Windows HRESULTs for the same.
    private const int EIO = 5;
    private const int ENOSPC = 28;
    private const int EROFS = 30;
    private const int EDQUOT = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    private readonly IStorageFaultClassifier[] _backends = [.. backends];

    public ServerFault Classify(Exception exception, CancellationToken requestAborted)
    {
        ServerFault? storage = StorageFaultOf(exception);
        if (storage is not null)
        {
            return storage.Value;
        }

        bool clientGone = exception switch
        {
            BadHttpRequestException or ConnectionResetException => true,
            OperationCanceledException or IOException => requestAborted.IsCancellationRequested,
            _ => false,
        };
        return clientGone ? ServerFault.ClientGone : ServerFault.Unexpected;
    }

    /// <summary>Whether the exception, or one it wraps, says that the storage is full or unavailable.</summary>
    public bool IsStorageFault(Exception exception) => StorageFaultOf(exception) is not null;

    private ServerFault? StorageFaultOf(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            StorageFault? fault = current is IOException io ? OfErrno(io.HResult) : OfBackends(current);
            if (fault is not null)
            {
                return fault == StorageFault.Full ? ServerFault.StorageFull : ServerFault.StorageUnavailable;
            }
        }

        return null;
    }

    private StorageFault? OfBackends(Exception exception)
    {
        foreach (IStorageFaultClassifier backend in _backends)
        {
            if (backend.Classify(exception) is { } fault)
            {
                return fault;
            }
        }

        return null;
    }

    private static StorageFault? OfErrno(int code) => code switch
    {
        ENOSPC or EDQUOT or WindowsDiskFull or WindowsHandleDiskFull => StorageFault.Full,
        EIO or EROFS => StorageFault.Unavailable,
        _ => null,
    };
}
