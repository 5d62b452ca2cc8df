namespace Floe.Core.Errors;

/// <summary>What a storage failure means for the client: no space left, or the store cannot be reached now.</summary>
public enum StorageFault
{
    /// <summary>No space left (a full disk or quota, a database out of space): writes fail until space is freed.</summary>
    Full,

    /// <summary>The store refuses I/O or cannot be reached (an I/O error, a read-only or locked database, a lost connection): waiting may help.</summary>
    Unavailable,
}

/// <summary>
/// Tells whether an exception a backend threw is one of its storage faults. Each backend registers its own
/// (SQLite result codes, PostgreSQL SQLSTATEs), so the server answers a full or unreachable store in the
/// protocol's own format without knowing any backend's exception types.
/// </summary>
public interface IStorageFaultClassifier
{
    /// <summary>The fault <paramref name="exception"/> itself reports (not the exceptions it wraps), or <c>null</c>.</summary>
    StorageFault? Classify(Exception exception);
}
