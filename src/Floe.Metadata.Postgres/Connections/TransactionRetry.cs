using Npgsql;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// Which failures of a SERIALIZABLE transaction mean "another node got there first, run it again":
/// serialization failures, deadlocks, and a unique violation from a concurrent insert of the same key
/// (the re-run reads the row the other node committed and takes the "already exists" path).
/// </summary>
internal static class TransactionRetry
{
    public const int MaxAttempts = 20;

    /// <summary>A unique violation is retried only twice: a duplicate that is not a race (a reused upload id) fails fast.</summary>
    public static bool IsRetryable(PostgresException exception, int attempt) => exception.SqlState switch
    {
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => attempt < MaxAttempts,
        PostgresErrorCodes.UniqueViolation => attempt < 3,
        _ => false,
    };

    /// <summary>A short random pause that grows with the attempt, so two retrying nodes fall out of step.</summary>
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10) + 1)), cancellationToken);
}
