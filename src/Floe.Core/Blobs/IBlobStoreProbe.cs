namespace Floe.Core.Blobs;

/// <summary>
/// Implemented by blob stores on another service (an object store): checked once when the server starts,
/// before anything is written, so an unreachable store, a missing bucket or refused credentials stop the
/// start with one line instead of failing the first push.
/// </summary>
public interface IBlobStoreProbe
{
    /// <summary>Returns when the store can be used; otherwise throws <see cref="BlobStoreUnavailableException"/> saying why.</summary>
    ValueTask ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The blob store cannot be used: it cannot be reached, its bucket or container does not exist, or it
/// refused the credentials. The message says which, and where, without any secret.
/// </summary>
public sealed class BlobStoreUnavailableException : Exception
{
    public BlobStoreUnavailableException()
    {
    }

    public BlobStoreUnavailableException(string message)
        : base(message)
    {
    }

    public BlobStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
