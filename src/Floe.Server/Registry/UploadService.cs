using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Security;
using Floe.Server.Errors;
using Floe.Server.Maintenance;
using Floe.Server.Observability;

namespace Floe.Server.Registry;

/// <summary>An upload session as the client sees it: its id and how many bytes it holds.</summary>
internal readonly record struct UploadState(string Id, long Size);

/// <summary>
/// Blob uploads (distribution-spec "Pushing Blobs"): sessions, chunks, completion, single-POST
/// uploads and cross-repository mounts. A blob becomes visible in a repository only after its bytes
/// are durable (blob store commit) and the link is recorded (metadata store).
/// </summary>
internal sealed class UploadService(IUploadMetadata store, IBlobStore blobs, Authorizer authorizer, ServerFaults faults, TimeProvider time, FloeMetrics metrics)
{
    /// <summary>
    /// How stale an upload's last-activity time may get before an append records a new one. The
    /// record marks idleness for a timeout measured in hours, so writing it (a SQLite transaction and
    /// its fsync) on every chunk buys nothing.
    /// </summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an upload commit holds its claim on the digest (W0 to W2 in docs/design/gc.md): far
    /// longer than publishing takes. A commit slower than this fails cleanly instead of linking; a claim
    /// left by a crashed node stops the digest's collection for this long at most.
    /// </summary>
    public static readonly TimeSpan CommitLeaseTime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a commit waits for a collection of the same digest to finish before answering
    /// <see cref="RegistryErrors.BlobBeingCollected"/>. Only a courtesy to clients: a collection marks,
    /// deletes and unmarks one digest in milliseconds, and the protocol is correct with no wait at all.
    /// </summary>
    private static readonly TimeSpan CollectionWait = TimeSpan.FromSeconds(2);

    public async ValueTask<UploadState> StartAsync(RepositoryTarget target, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        string id = Guid.NewGuid().ToString("N");
        await blobs.StartUploadAsync(id, algorithm, cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        try
        {
            await store.CreateUploadAsync(new UploadRecord(id, target.RepositoryId, target.Image, target.PrincipalKey, now, now), cancellationToken);
        }
        catch
        {
            // The file comes first; without its record no client can name it, so it goes with the failure.
            await DiscardAsync(id);
            throw;
        }

        return new UploadState(id, 0);
    }

    /// <summary>
    /// Single-POST upload (end-4b): the whole blob in the request, verified against its digest. The
    /// client never learns this upload's id, so whatever fails (a refused digest, a body cut off, a full
    /// disk) removes the upload at once.
    /// </summary>
    public async ValueTask<Result<BlobInfo>> UploadWholeAsync(RepositoryTarget target, Digest digest, Stream content, CancellationToken cancellationToken)
    {
        UploadState upload = await StartAsync(target, digest.Algorithm, cancellationToken);
        Result<BlobInfo> committed;
        try
        {
            Result<UploadState> appended = await AppendAsync(target, upload.Id, null, content, cancellationToken);
            committed = appended.IsSuccess ? await CompleteAsync(target, upload.Id, digest, cancellationToken) : appended.Error;
        }
        catch
        {
            await DiscardAsync(upload.Id);
            throw;
        }

        if (!committed.IsSuccess)
        {
            await DiscardAsync(upload.Id);
        }

        return committed;
    }

    /// <summary>
    /// Links a blob the account already holds into the target repository: from <paramref name="source"/>
    /// when given, else from any repository of the account that links it (automatic content discovery).
    /// <c>null</c> when the blob cannot be mounted; the caller then opens a normal upload.
    /// </summary>
    public async ValueTask<BlobInfo?> TryMountAsync(RepositoryTarget target, Digest digest, RepositoryTarget? source, CancellationToken cancellationToken)
    {
        long? size = source is null
            ? await FindAnywhereInAccountAsync(target, digest, cancellationToken)
            : await CanPullAsync(target, source.Repository, cancellationToken)
                ? await store.FindBlobLinkAsync(source.RepositoryId, digest, cancellationToken)
                : null;
        if (size is null)
        {
            return null;
        }

        if (CollectorTestHooks.SkipWriterGuard)
        {
            if (await blobs.StatAsync(digest, cancellationToken) is null)
            {
                return null;
            }

            await store.LinkBlobAsync(target.RepositoryId, digest, size.Value, cancellationToken);
            return new BlobInfo(digest, size.Value);
        }

        // Linked only if the blobs row still exists, in the same transaction: a collection deletes the row
        // in the transaction that marks the digest, so a mount ordered after the mark links nothing and the
        // client uploads the bytes instead.
        long? mounted = await store.MountBlobAsync(target.RepositoryId, digest, cancellationToken);
        return mounted is null ? null : new BlobInfo(digest, mounted.Value);
    }

    public async ValueTask<Result<UploadState>> GetStatusAsync(RepositoryTarget target, string uploadId, CancellationToken cancellationToken)
    {
        if (await FindAsync(target, uploadId, cancellationToken) is null)
        {
            return UploadUnknown(uploadId);
        }

        long? size = await blobs.GetUploadSizeAsync(uploadId, cancellationToken);
        return size is null ? UploadUnknown(uploadId) : new UploadState(uploadId, size.Value);
    }

    public async ValueTask<Result<UploadState>> AppendAsync(
        RepositoryTarget target, string uploadId, ContentRange? range, Stream content, CancellationToken cancellationToken)
    {
        UploadRecord? upload = await FindAsync(target, uploadId, cancellationToken);
        long? size = upload is null ? null : await blobs.GetUploadSizeAsync(uploadId, cancellationToken);
        if (upload is null || size is null)
        {
            return UploadUnknown(uploadId);
        }

        long offset = range?.Start ?? size.Value;
        AppendResult appended;
        try
        {
            appended = await blobs.AppendAsync(uploadId, offset, content, cancellationToken);
            if (appended.Status == AppendStatus.Appended)
            {
                metrics.RecordUploadBytes(appended.Size - offset);
            }

            DateTimeOffset now = time.GetUtcNow();
            if (now - upload.UpdatedOn >= TouchInterval)
            {
                await store.TouchUploadAsync(uploadId, now, cancellationToken);
            }
        }
        catch (Exception ex) when (faults.IsStorageFault(ex))
        {
            // A full or failing store ends the upload and frees what it held; the client starts again.
            // (A chunk cut off by its client is only taken back by the blob store: the upload goes on.)
            await DiscardAsync(uploadId);
            throw;
        }

        return appended.Status switch
        {
            AppendStatus.Appended when range is { } r && appended.Size != r.End + 1 =>
                new RegistryError(RegistryErrors.BlobUploadInvalid, $"Content-Range ends at {r.End} but the chunk ended at {appended.Size - 1}"),
            AppendStatus.Appended => new UploadState(uploadId, appended.Size),
            AppendStatus.OutOfOrder => new RegistryError(
                RegistryErrors.BlobUploadOutOfOrder, $"the chunk starts at {offset} but the upload holds {appended.Size} bytes"),
            _ => UploadUnknown(uploadId),
        };
    }

    /// <summary>Completes an upload (end-6) whose last chunk, if any, has already been appended.</summary>
    public async ValueTask<Result<BlobInfo>> CompleteAsync(RepositoryTarget target, string uploadId, Digest digest, CancellationToken cancellationToken)
    {
        // The ownership check comes first on every verb: a bodiless PUT must not commit (and so link into
        // the caller's repository) an upload that another principal opened, or that was opened elsewhere.
        if (await FindAsync(target, uploadId, cancellationToken) is null)
        {
            return UploadUnknown(uploadId);
        }

        try
        {
            return await CommitAsync(target, uploadId, digest, cancellationToken);
        }
        catch (Exception ex) when (faults.IsStorageFault(ex))
        {
            // As for a chunk: the upload ends. A blob already published but not linked is whole and
            // verified, and garbage collection removes it as it removes any blob no repository links.
            await DiscardAsync(uploadId);
            throw;
        }
    }

    public async ValueTask<Result<UploadState>> CancelAsync(RepositoryTarget target, string uploadId, CancellationToken cancellationToken)
    {
        if (await FindAsync(target, uploadId, cancellationToken) is null)
        {
            return UploadUnknown(uploadId);
        }

        await blobs.CancelUploadAsync(uploadId, cancellationToken);
        await store.DeleteUploadAsync(uploadId, cancellationToken);
        return new UploadState(uploadId, 0);
    }

    /// <summary>
    /// W0 claim the digest, W1 publish the bytes, W2 link them if the claim still holds (docs/design/gc.md):
    /// a collection of the same digest either waits for the link or makes this commit fail before it is
    /// acknowledged, never after.
    /// </summary>
    private async ValueTask<Result<BlobInfo>> CommitAsync(RepositoryTarget target, string uploadId, Digest digest, CancellationToken cancellationToken)
    {
        bool guarded = !CollectorTestHooks.SkipWriterGuard;
        if (guarded && !await LeaseAsync(digest, uploadId, cancellationToken))
        {
            // Nothing published or linked: the client pushes the blob again.
            return new RegistryError(RegistryErrors.BlobBeingCollected, $"blob {digest} is being removed by garbage collection; push it again");
        }

        CommitResult commit = await blobs.CommitAsync(uploadId, digest, cancellationToken);
        if (commit.Status != CommitStatus.Committed)
        {
            if (guarded)
            {
                await store.ReleaseBlobLeaseAsync(digest, uploadId, cancellationToken);
            }

            return commit.Status == CommitStatus.DigestMismatch
                ? new RegistryError(RegistryErrors.DigestInvalid, $"the uploaded content does not match {digest}")
                : UploadUnknown(uploadId);
        }

        BlobInfo blob = commit.Blob!;
        if (CollectorTestHooks.CommitPause > TimeSpan.Zero)
        {
            await Task.Delay(CollectorTestHooks.CommitPause, cancellationToken);
        }

        if (!guarded)
        {
            await store.LinkBlobAsync(target.RepositoryId, blob.Digest, blob.Size, cancellationToken);
        }
        else if (!await store.LinkLeasedBlobAsync(target.RepositoryId, blob.Digest, blob.Size, uploadId, cancellationToken))
        {
            // The claim expired and a collection took the digest: the published bytes may be deleted, so
            // nothing is linked and nothing acknowledged. The upload is spent; the client pushes again.
            await store.DeleteUploadAsync(uploadId, cancellationToken);
            return new RegistryError(RegistryErrors.BlobBeingCollected, $"blob {digest} was claimed by garbage collection while it was committed; push it again");
        }

        await store.DeleteUploadAsync(uploadId, cancellationToken);
        return blob;
    }

    /// <summary>W0, waiting a little while a collection of the digest finishes (see <see cref="CollectionWait"/>).</summary>
    private async ValueTask<bool> LeaseAsync(Digest digest, string uploadId, CancellationToken cancellationToken)
    {
        TimeSpan pause = TimeSpan.FromMilliseconds(20);
        for (TimeSpan waited = TimeSpan.Zero; ; waited += pause)
        {
            if (await store.LeaseBlobAsync(digest, uploadId, time.GetUtcNow() + CommitLeaseTime, cancellationToken))
            {
                return true;
            }

            if (waited >= CollectionWait)
            {
                return false;
            }

            await Task.Delay(pause, cancellationToken);
        }
    }

    /// <summary>
    /// Removes an upload's file, then its record, after a failure: with no cancellation (the request's
    /// token may be the reason it failed), and quietly, so that the caller reports the failure itself.
    /// What cannot be removed now (the store still failing) the idle-upload sweep removes later.
    /// </summary>
    private async ValueTask DiscardAsync(string uploadId)
    {
        try
        {
            await blobs.CancelUploadAsync(uploadId, CancellationToken.None);
            await store.DeleteUploadAsync(uploadId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // Left to the sweep.
        }
    }

    /// <summary>
    /// The upload, if it exists, was opened on this repository and image, and by this principal: any
    /// other caller is told it does not exist, and the upload is left as it was.
    /// </summary>
    private async ValueTask<UploadRecord?> FindAsync(RepositoryTarget target, string uploadId, CancellationToken cancellationToken)
    {
        UploadRecord? upload = await store.FindUploadAsync(uploadId, cancellationToken);
        return upload is not null && upload.RepositoryId == target.RepositoryId && upload.Image == target.Image
            && upload.Principal == target.PrincipalKey
            ? upload
            : null;
    }

    /// <summary>
    /// Whether the caller may pull from <paramref name="source"/>: a mount must not reveal or copy a blob
    /// the caller could not read. Without authentication everyone may.
    /// </summary>
    private async ValueTask<bool> CanPullAsync(RepositoryTarget target, RepositoryRecord source, CancellationToken cancellationToken) =>
        target.Principal is null
        || (await authorizer.AuthorizeRegistryAsync(target.Principal, source, cancellationToken)).HasFlag(RegistryActions.Pull);

    private async ValueTask<long?> FindAnywhereInAccountAsync(RepositoryTarget target, Digest digest, CancellationToken cancellationToken)
    {
        foreach (long repositoryId in await store.FindRepositoriesLinkingAsync(target.Account.Id, digest, cancellationToken))
        {
            if (target.Principal is not null
                && (await store.FindImageRepositoryByIdAsync(target.Account.Id, repositoryId, cancellationToken) is not { } source
                    || !await CanPullAsync(target, source, cancellationToken)))
            {
                continue;
            }

            long? size = await store.FindBlobLinkAsync(repositoryId, digest, cancellationToken);
            if (size is not null)
            {
                return size;
            }
        }

        return null;
    }

    private static RegistryError UploadUnknown(string uploadId) =>
        new(RegistryErrors.BlobUploadUnknown, $"upload '{uploadId}' is unknown");
}
