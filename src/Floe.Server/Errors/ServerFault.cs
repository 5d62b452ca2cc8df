using Microsoft.AspNetCore.Connections;
using Microsoft.Data.Sqlite;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Floe.Server.Errors;

/// <summary>What an exception that escaped a request means for the answer and for the log.</summary>
internal enum ServerFault
{
    /// <summary>The client hung up, or Kestrel cut its body (too slow, shorter than announced): not a server error.</summary>
    ClientGone,

    /// <summary>No space left: ENOSPC or EDQUOT from a blob write, SQLITE_FULL from the metadata store.</summary>
    StorageFull,

    /// <summary>The store refuses I/O (EIO, a read-only file system, SQLite I/O, busy or locked errors): waiting may help.</summary>
    StorageUnavailable,

    /// <summary>Anything else: a bug, logged with its trace.</summary>
    Unexpected,
}

/// <summary>
/// Tells a <see cref="ServerFault"/> from an exception. Storage faults are recognised by their error
/// numbers, wherever they are wrapped; a client that went away is recognised by Kestrel's exceptions or
/// by the request's own abort token.
/// </summary>
internal static class ServerFaults
{
    // Linux errno values, which .NET puts in IOException.HResult on Unix, and the Windows HRESULTs for the same.
    private const int EIO = 5;
    private const int ENOSPC = 28;
    private const int EROFS = 30;
    private const int EDQUOT = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public static ServerFault Classify(Exception exception, CancellationToken requestAborted)
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
    public static bool IsStorageFault(Exception exception) => StorageFaultOf(exception) is not null;

    private static ServerFault? StorageFaultOf(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            ServerFault? fault = current switch
            {
                SqliteException sqlite => OfSqlite(sqlite.SqliteErrorCode & 0xFF),
                IOException io => OfErrno(io.HResult),
                _ => null,
            };
            if (fault is not null)
            {
                return fault;
            }
        }

        return null;
    }

    private static ServerFault? OfErrno(int code) => code switch
    {
        ENOSPC or EDQUOT or WindowsDiskFull or WindowsHandleDiskFull => ServerFault.StorageFull,
        EIO or EROFS => ServerFault.StorageUnavailable,
        _ => null,
    };

    private static ServerFault? OfSqlite(int code) => code switch
    {
        SqliteFull => ServerFault.StorageFull,
        SqliteIoError or SqliteCantOpen or SqliteBusy or SqliteLocked or SqliteReadOnly => ServerFault.StorageUnavailable,
        _ => null,
    };
}
