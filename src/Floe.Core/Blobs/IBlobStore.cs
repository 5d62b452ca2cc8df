using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>What the store knows of a committed blob.</summary>
public sealed record BlobInfo(Digest Digest, long Size);

/// <summary>Reads committed blobs. A blob is visible here only once its commit has returned.</summary>
public interface IBlobReader
{
    ValueTask<BlobInfo?> StatAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Opens a committed blob for reading (a seekable stream), or <c>null</c> when absent.</summary>
    ValueTask<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken);
}

/// <summary>
/// Ingests blobs through upload sessions. An upload's bytes are invisible until
/// <see cref="CommitAsync"/> has verified the digest and made them durable. Upload ids are chosen by
/// the caller; the store refuses any id that is not a plain token (it never becomes a path outside
/// the store).
/// </summary>
public interface IBlobIngester
{
    /// <summary>Creates an empty upload. Hashing starts with <paramref name="algorithm"/>.</summary>
    ValueTask StartUploadAsync(string uploadId, DigestAlgorithm algorithm, CancellationToken cancellationToken);

    /// <summary>The number of bytes received so far, or <c>null</c> for an unknown upload.</summary>
    ValueTask<long?> GetUploadSizeAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="content"/> at <paramref name="expectedOffset"/>, which must be the upload's
    /// current size. Streams: memory use does not depend on the content's length.
    /// </summary>
    ValueTask<AppendResult> AppendAsync(string uploadId, long expectedOffset, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies the upload's content against <paramref name="expected"/>, makes it durable under that
    /// digest and removes the upload. On a mismatch the upload is kept, so the client may retry.
    /// </summary>
    ValueTask<CommitResult> CommitAsync(string uploadId, Digest expected, CancellationToken cancellationToken);

    /// <summary>Discards an upload and its bytes; unknown ids are ignored.</summary>
    ValueTask CancelUploadAsync(string uploadId, CancellationToken cancellationToken);
}

/// <summary>Removes committed blobs (garbage collection only: clients cannot delete).</summary>
public interface IBlobDeleter
{
    ValueTask<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken);
}

/// <summary>A blob backend: every role in one object.</summary>
public interface IBlobStore : IBlobReader, IBlobIngester, IBlobDeleter, IBlobInventory
{
}

public enum AppendStatus
{
    Appended,
    UploadUnknown,
    OutOfOrder,
}

/// <summary>The upload's size after the append (or its unchanged size when out of order).</summary>
public readonly record struct AppendResult(AppendStatus Status, long Size);

public enum CommitStatus
{
    Committed,
    UploadUnknown,
    DigestMismatch,
}

public readonly record struct CommitResult(CommitStatus Status, BlobInfo? Blob);
