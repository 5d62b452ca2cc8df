using Floe.Core.Content;

namespace Floe.Core.Metadata;

/// <summary>A <c>blobs</c> row as the collector sees it: the digest, its size, and whether any repository links it.</summary>
public sealed record BlobRecord(Digest Digest, long Size, bool Linked);

/// <summary>
/// The metadata half of online garbage collection (docs/design/gc.md). Every method is one
/// serializable transaction, so the database puts the writers' steps (lease, leased link, mount) and
/// the collector's mark (tombstone) in one total order per digest; that order is the whole protocol.
/// </summary>
public interface IBlobCollectionStore
{
    /// <summary>
    /// W0: before an upload's bytes are published under <paramref name="digest"/>, records that
    /// <paramref name="holder"/> is committing it until <paramref name="expiresOn"/>. <c>false</c>, with
    /// nothing written, when the digest is tombstoned (a collection of it is under way).
    /// </summary>
    ValueTask<bool> LeaseBlobAsync(Digest digest, string holder, DateTimeOffset expiresOn, CancellationToken cancellationToken);

    /// <summary>
    /// W2: removes the holder's lease and, only if it was still there, records the blob and links it to
    /// the repository. <c>false</c>, with nothing linked, when the lease is gone (it expired and a
    /// collector took it): the published bytes may be deleted, so the commit must not be acknowledged.
    /// </summary>
    ValueTask<bool> LinkLeasedBlobAsync(long repositoryId, Digest digest, long size, string holder, CancellationToken cancellationToken);

    /// <summary>Drops a lease whose commit did not publish anything (digest mismatch, unknown upload).</summary>
    ValueTask ReleaseBlobLeaseAsync(Digest digest, string holder, CancellationToken cancellationToken);

    /// <summary>
    /// A mount: links the blob to the repository if its <c>blobs</c> row exists, in one transaction.
    /// The blob's size, or <c>null</c> (nothing linked) when the row is gone, which is the case from the
    /// moment a collector has marked the digest.
    /// </summary>
    ValueTask<long?> MountBlobAsync(long repositoryId, Digest digest, CancellationToken cancellationToken);

    /// <summary>C0: every <c>blobs</c> row, with whether it is linked (a snapshot; C1 checks again).</summary>
    ValueTask<IReadOnlyList<BlobRecord>> ListBlobRecordsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// C1, for a batch of digests in one transaction: marks each digest for deletion if nothing can still
    /// need it — no link and no lease that has not expired at <paramref name="now"/> — by deleting its
    /// expired leases and its <c>blobs</c> row and inserting its tombstone, which stays until
    /// <see cref="DeleteTombstonesAsync"/>. Returns the digests it marked; the others are still needed and
    /// were left as they were.
    /// </summary>
    ValueTask<IReadOnlyList<Digest>> TombstoneBlobsAsync(IReadOnlyList<Digest> digests, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Tombstones left by collections that did not finish (read at the start of every run).</summary>
    ValueTask<IReadOnlyList<Digest>> ListTombstonesAsync(CancellationToken cancellationToken);

    /// <summary>C3: the digests' bytes are gone; writers may publish them again.</summary>
    ValueTask DeleteTombstonesAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken);

    /// <summary>Leases of writers that died (expired at <paramref name="now"/>); how many were removed.</summary>
    ValueTask<int> DeleteExpiredBlobLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
