using System.Diagnostics;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Server.Maintenance;

/// <summary>What one collection removed (or, in a dry run, would remove) and how long it took.</summary>
public sealed record CollectionSummary(bool DryRun, long BlobsDeleted, long BytesReclaimed, long Skipped, TimeSpan Duration)
{
    public override string ToString() => DryRun
        ? $"dry run: {BlobsDeleted} unreferenced blobs, {BytesReclaimed} bytes would be removed; nothing was changed"
        : $"removed {BlobsDeleted} blobs, reclaimed {BytesReclaimed} bytes ({Skipped} candidates kept because a push claimed them) in {Duration.TotalSeconds:0.###} s";
}

/// <summary>
/// Online garbage collection of blobs (docs/design/gc.md): removes the bytes and the record of every blob
/// that no repository links — what <c>DROP IMAGE REPOSITORY</c> left (manifests, tags and links go with
/// the repository; the shared blobs stay until here) and what abandoned pushes published but never
/// linked. It runs while pushes and pulls go on, on any number of nodes at once: every decision is a
/// transaction in the shared metadata store (<see cref="IBlobCollectionStore"/>), and bytes are deleted
/// only after the decision is committed.
/// </summary>
public sealed class BlobCollector(IBlobCollectionStore store, IBlobStore blobs, TimeProvider time)
{
    /// <summary>
    /// Digests decided (C1) and unmarked (C3) per transaction: two transactions per batch instead of per
    /// blob, while a batch's checks hold the database's write turn only for a few milliseconds.
    /// </summary>
    private const int BatchSize = 200;

    public async Task<CollectionSummary> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        long deleted = 0;
        long bytes = 0;
        long skipped = 0;

        // A run first finishes what a collector that died left marked (C2 and C3 of its tombstones).
        if (!dryRun)
        {
            IReadOnlyList<Digest> left = await store.ListTombstonesAsync(cancellationToken);
            foreach (Digest digest in left)
            {
                BlobInfo? file = await blobs.StatAsync(digest, cancellationToken);
                if (await blobs.DeleteAsync(digest, cancellationToken))
                {
                    deleted++;
                    bytes += file?.Size ?? 0;
                }
            }

            await store.DeleteTombstonesAsync(left, cancellationToken);
            await store.DeleteExpiredBlobLeasesAsync(time.GetUtcNow(), cancellationToken);
        }

        List<BlobInfo> candidates = await FindCandidatesAsync(cancellationToken);
        if (dryRun)
        {
            return new CollectionSummary(dryRun, candidates.Count, candidates.Sum(candidate => candidate.Size), 0, Stopwatch.GetElapsedTime(started));
        }

        foreach (BlobInfo[] batch in candidates.Chunk(BatchSize))
        {
            // C1: the decision, in one transaction that sees every link and claim committed before it.
            IReadOnlyList<Digest> marked = await store.TombstoneBlobsAsync([.. batch.Select(candidate => candidate.Digest)], time.GetUtcNow(), cancellationToken);
            HashSet<Digest> doomed = [.. marked];
            skipped += batch.Length - doomed.Count;

            // C2, then C3: the bytes go only once no record can lead a reader or a mount to them.
            foreach (BlobInfo candidate in batch.Where(candidate => doomed.Contains(candidate.Digest)))
            {
                await blobs.DeleteAsync(candidate.Digest, cancellationToken);
                deleted++;
                bytes += candidate.Size;
            }

            await store.DeleteTombstonesAsync(marked, cancellationToken);
        }

        return new CollectionSummary(dryRun, deleted, bytes, skipped, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// C0: <c>blobs</c> rows that no repository links, and blob files that have no row (published by a
    /// push that never linked them). A snapshot: C1 decides again for each, under the database's order.
    /// </summary>
    private async Task<List<BlobInfo>> FindCandidatesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<BlobRecord> records = await store.ListBlobRecordsAsync(cancellationToken);
        HashSet<Digest> recorded = [.. records.Select(record => record.Digest)];
        List<BlobInfo> candidates = [.. records.Where(record => !record.Linked).Select(record => new BlobInfo(record.Digest, record.Size))];
        await foreach (BlobInfo file in blobs.ListBlobsAsync(cancellationToken))
        {
            if (!recorded.Contains(file.Digest))
            {
                candidates.Add(file);
            }
        }

        return candidates;
    }
}
