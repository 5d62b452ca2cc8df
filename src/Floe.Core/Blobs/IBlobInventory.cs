using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>An upload the store holds bytes for, and when those bytes last changed.</summary>
public sealed record StoredUpload(string Id, DateTimeOffset LastWrite);

/// <summary>
/// What maintenance needs to see of a blob store: every upload it holds (the sweep removes those whose
/// record is gone), every committed blob (<c>floe fsck</c> re-hashes them) and a way to take a corrupt
/// blob out of service without destroying the evidence. Shaped so an object store can implement it with
/// a prefix listing and a server-side copy.
/// </summary>
public interface IBlobInventory
{
    /// <summary>Every upload in progress, in no particular order; streams, whatever their number.</summary>
    IAsyncEnumerable<StoredUpload> ListUploadsAsync(CancellationToken cancellationToken);

    /// <summary>Every committed blob, in no particular order; streams, whatever their number.</summary>
    IAsyncEnumerable<BlobInfo> ListBlobsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves a committed blob out of service into the store's quarantine: from then on the store reports
    /// it absent, while its bytes stay for an operator to inspect. <c>false</c> when the blob is absent.
    /// </summary>
    ValueTask<bool> QuarantineAsync(Digest digest, CancellationToken cancellationToken);
}
