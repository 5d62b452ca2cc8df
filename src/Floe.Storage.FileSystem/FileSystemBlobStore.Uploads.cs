using System.Security.Cryptography;
using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>
/// Uploads: a file under <c>uploads/</c> per upload, appended to in order through this process's
/// session of it (<see cref="UploadSessions"/>), verified, fdatasynced and renamed into <c>blobs/</c>
/// at commit. On a single node an append may answer before its last write is done
/// (<see cref="FileSystemBlobStoreOptions.ExclusiveUploads"/>); the upload's next step waits for it.
/// </summary>
public sealed partial class FileSystemBlobStore
{
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is not 1 to 64 ASCII letters, digits or dashes.</exception>
    /// <exception cref="IOException">An upload with this id already exists.</exception>
    public ValueTask StartUploadAsync(string uploadId, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        if (!paths.TryGetUploadPath(uploadId, out string? path))
        {
            throw new ArgumentException(
                $"An upload id is 1 to {BlobPaths.MaxUploadIdLength} ASCII letters, digits or dashes.", nameof(uploadId));
        }

        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write).Dispose();
        sessions.Begin(uploadId, algorithm);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The upload's length: as the last append here answered it, or else the file's length once any
    /// append here has finished with it; during an append this may include part of that append.
    /// </summary>
    public async ValueTask<long?> GetUploadSizeAsync(string uploadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!paths.TryGetUploadPath(uploadId, out string? path))
        {
            return null;
        }

        UploadSession? session = sessions.Peek(uploadId);
        if (session?.AnsweredLength is long answered && File.Exists(path))
        {
            return answered;
        }

        await (session?.Settled ?? Task.CompletedTask).WaitAsync(cancellationToken);
        FileInfo file = new(path);
        return file.Exists ? file.Length : null;
    }

    public async ValueTask<AppendResult> AppendAsync(
        string uploadId, long expectedOffset, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        AppendResult unknown = new(AppendStatus.UploadUnknown, 0);
        if (!paths.TryGetUploadPath(uploadId, out string? path))
        {
            return unknown;
        }

        using UploadLease? lease = await sessions.EnterAsync(uploadId, path, cancellationToken);
        if (lease is null)
        {
            return unknown;
        }

        // Where the last append's answer is known, this one starts receiving while that append's last
        // write finishes, and writes nothing before it has (and has not failed).
        UploadSession session = lease.Session;
        long? answered = session.AnsweredLength;
        Task previous = AfterLastAppendAsync(session);
        if (answered is null)
        {
            await previous;
        }

        FileStream? file = OpenOrForget(lease, path, FileAccess.Write);
        if (file is null)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return unknown;
        }

        long size = answered ?? file.Length;
        if (size != expectedOffset)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await file.DisposeAsync();
            return new AppendResult(AppendStatus.OutOfOrder, size);
        }

        AppendedBytes appended;
        try
        {
            appended = await UploadFile.AppendAsync(content, file, size, session, previous, deferLastWrite, cancellationToken);
        }
        catch
        {
            RollBack(file, size, session);
            await file.DisposeAsync();
            throw;
        }

        session.AnsweredLength = deferLastWrite ? size + appended.Count : null;
        session.LeaveRunning(FinishAppendAsync(appended.LastWrite, file, size, session));
        return new AppendResult(AppendStatus.Appended, size + appended.Count);
    }

    /// <summary>Completes when the last append here has finished with the file; faults if its deferred write failed.</summary>
    private static async Task AfterLastAppendAsync(UploadSession session)
    {
        await session.Settled;
        session.ThrowIfLastWriteFailed();
    }

    /// <summary>
    /// Closes the file once the append's last write is done. If that write failed after the client
    /// was answered, the append is taken back as a failed append is, and the upload's next request
    /// reports the failure (<see cref="UploadSession.ThrowIfLastWriteFailed"/>). Never throws.
    /// </summary>
    internal static async Task FinishAppendAsync(Task lastWrite, FileStream file, long sizeBefore, UploadSession session)
    {
        try
        {
            await lastWrite;
        }
        catch (Exception e)
        {
            RollBack(file, sizeBefore, session);
            session.RecordLastWriteFailure(e);
        }
        finally
        {
            await file.DisposeAsync();
        }
    }

    /// <summary>
    /// Takes back an append that failed partway (the client's body cut off, a full disk): the upload
    /// keeps only whole appends, so its size is where the client's next chunk must start and a later
    /// commit never sees half a chunk. The running hash has seen some of the chunk, so it is dropped
    /// (the commit re-hashes). Shrinking a file needs no space; if it fails all the same, the commit's
    /// digest check still refuses the torn content.
    /// </summary>
    private static void RollBack(FileStream file, long size, UploadSession session)
    {
        session.DropHash();
        session.AnsweredLength = null;
        try
        {
            // Only ever shorter: after an earlier append's deferred write failed, the file is already
            // shorter than where this append was to start.
            if (file.Length > size)
            {
                file.SetLength(size);
            }
        }
        catch (IOException)
        {
            // Nothing better to do: the original failure is what the caller reports.
        }
    }

    public async ValueTask<CommitResult> CommitAsync(string uploadId, Digest expected, CancellationToken cancellationToken)
    {
        CommitResult unknown = new(CommitStatus.UploadUnknown, null);
        if (!paths.TryGetUploadPath(uploadId, out string? path))
        {
            return unknown;
        }

        string blobPath = paths.BlobPath(expected);
        using UploadLease? lease = await sessions.EnterAsync(uploadId, path, cancellationToken);
        if (lease is not null)
        {
            await AfterLastAppendAsync(lease.Session);
        }

        FileStream? file = lease is null ? null : OpenOrForget(lease, path, FileAccess.ReadWrite);
        if (lease is null || file is null)
        {
            return unknown;
        }

        long size = file.Length;
        bool alreadyStored;
        await using (file)
        {
            if (await DigestOfAsync(file, lease.Session, expected.Algorithm, cancellationToken) != expected)
            {
                return new CommitResult(CommitStatus.DigestMismatch, null);
            }

            alreadyStored = File.Exists(blobPath);
            if (!alreadyStored)
            {
                DurableFiles.SyncData(file);
            }
        }

        Publish(path, expected, alreadyStored);
        lease.Forget();
        return new CommitResult(CommitStatus.Committed, new BlobInfo(expected, size));
    }

    public async ValueTask CancelUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        if (!paths.TryGetUploadPath(uploadId, out string? path))
        {
            return;
        }

        using UploadLease? lease = await sessions.EnterAsync(uploadId, path, cancellationToken);
        if (lease is null)
        {
            return;
        }

        await lease.Session.Settled;
        File.Delete(path);
        lease.Forget();
    }

    /// <summary>Opens the leased upload's file; if it has vanished (deleted by another process), ends the session.</summary>
    private static FileStream? OpenOrForget(UploadLease lease, string path, FileAccess access)
    {
        FileStream? file = UploadFile.TryOpen(path, access);
        if (file is null)
        {
            lease.Forget();
        }

        return file;
    }

    /// <summary>The running hash when it covers the whole file in the wanted algorithm; otherwise a re-hash from disk.</summary>
    private static async ValueTask<Digest> DigestOfAsync(
        FileStream file, UploadSession session, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        long length = file.Length;
        if (session.TryGetDigest(algorithm, length, out Digest digest))
        {
            return digest;
        }

        IncrementalHash hasher = await UploadFile.HashAsync(file, algorithm, cancellationToken);
        session.Adopt(algorithm, hasher, length);
        return Digest.FromHash(algorithm, hasher.GetCurrentHash());
    }

    /// <summary>
    /// Moves a verified, fsync'ed upload to its blob path. If the blob is already there (the same
    /// content, committed by another upload) the upload is simply dropped.
    /// </summary>
    private void Publish(string uploadPath, Digest digest, bool alreadyStored)
    {
        if (alreadyStored)
        {
            File.Delete(uploadPath);
            return;
        }

        string directory = paths.BlobDirectory(digest);
        DurableFiles.CreateDirectory(directory);
        DurableFiles.RenameAtomically(uploadPath, paths.BlobPath(digest));
        DurableFiles.SyncDirectory(directory);
    }
}
