using Floe.Core.Errors;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>PostgreSQL's SQLSTATEs, and Npgsql's connection failures, that mean the database cannot take the write now.</summary>
public sealed class PostgresStorageFaults : IStorageFaultClassifier
{
    public StorageFault? Classify(Exception exception) => exception switch
    {
        // Class 53, insufficient resources: 53100 disk_full; the others (out of memory, too many connections) pass.
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } => StorageFault.Full,
        PostgresException { SqlState: var state } when state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.IoError => StorageFault.Unavailable,
        PostgresException => null,
        // An NpgsqlException that is not a server error is a connection that failed or broke.
        NpgsqlException => StorageFault.Unavailable,
        _ => null,
    };
}
