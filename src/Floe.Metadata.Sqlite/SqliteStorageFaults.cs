using Floe.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>SQLite's result codes that mean the database file cannot be written now.</summary>
public sealed class SqliteStorageFaults : IStorageFaultClassifier
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    public StorageFault? Classify(Exception exception) => exception is SqliteException sqlite
        ? (sqlite.SqliteErrorCode & 0xFF) switch
        {
            Full => StorageFault.Full,
            IoError or CantOpen or Busy or Locked or ReadOnly => StorageFault.Unavailable,
            _ => null,
        }
        : null;
}
