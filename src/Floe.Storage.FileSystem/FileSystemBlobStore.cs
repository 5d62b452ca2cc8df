using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>
/// Blobs as files under one root directory, content-addressed (layout in <see cref="BlobPaths"/> and
/// docs/storage-layout.md). Appends stream through a pooled buffer while a running hash follows them;
/// a commit verifies the digest, fdatasyncs the upload, renames it into place and fsyncs the directory.
/// Appends and commits of one upload are serialized within this process.
/// </summary>
public sealed partial class FileSystemBlobStore : IBlobStore, IBlobLocalFiles
{
    private readonly BlobPaths paths;
    private readonly bool deferLastWrite;
    private readonly UploadSessions sessions = new();

    /// <summary>Creates the store, and its directories when they are missing.</summary>
    public FileSystemBlobStore(FileSystemBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        paths = new BlobPaths(options.RootPath);
        deferLastWrite = options.ExclusiveUploads;
        DurableFiles.CreateDirectory(paths.Uploads);
        DurableFiles.CreateDirectory(paths.AlgorithmDirectory(DigestAlgorithm.Sha256));
        DurableFiles.CreateDirectory(paths.AlgorithmDirectory(DigestAlgorithm.Sha512));
    }

    public ValueTask<BlobInfo?> StatAsync(Digest digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileInfo file = new(paths.BlobPath(digest));
        return ValueTask.FromResult(file.Exists ? new BlobInfo(digest, file.Length) : null);
    }

    /// <summary>A seekable, asynchronous stream over the blob; it stays readable if the blob is deleted meanwhile.</summary>
    public ValueTask<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileStreamOptions options = new()
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        };
        try
        {
            return ValueTask.FromResult<Stream?>(new FileStream(paths.BlobPath(digest), options));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult<Stream?>(null);
        }
    }

    public string? GetLocalPath(Digest digest)
    {
        string path = paths.BlobPath(digest);
        return File.Exists(path) ? path : null;
    }

    public string GetExpectedPath(Digest digest) => paths.BlobPath(digest);

    public ValueTask<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = paths.BlobPath(digest);
        if (!File.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        File.Delete(path);
        return ValueTask.FromResult(true);
    }

    /// <summary>Every file under <c>uploads/</c> whose name is an upload id, with its last write time.</summary>
    public async IAsyncEnumerable<StoredUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (FileInfo file in new DirectoryInfo(paths.Uploads).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BlobPaths.IsUploadId(file.Name) && TryLastWrite(file) is DateTimeOffset lastWrite)
            {
                yield return new StoredUpload(file.Name, lastWrite);
            }
        }
    }

    /// <summary>Every file under <c>blobs/&lt;algorithm&gt;/&lt;xx&gt;/</c> whose name is a digest of that algorithm.</summary>
    public async IAsyncEnumerable<BlobInfo> ListBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (DigestAlgorithm algorithm in (DigestAlgorithm[])[DigestAlgorithm.Sha256, DigestAlgorithm.Sha512])
        {
            DirectoryInfo directory = new(paths.AlgorithmDirectory(algorithm));
            if (!directory.Exists)
            {
                continue;
            }

            foreach (FileInfo file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Digest.TryParse($"{Digest.NameOf(algorithm)}:{file.Name}", out Digest digest)
                    && string.Equals(file.Directory?.Name, file.Name[..2], StringComparison.Ordinal)
                    && TryLength(file) is long size)
                {
                    yield return new BlobInfo(digest, size);
                }
            }
        }
    }

    /// <summary>Renames the blob to <c>quarantine/&lt;algorithm&gt;/&lt;hex&gt;</c> (one rename: same file system).</summary>
    public ValueTask<bool> QuarantineAsync(Digest digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = paths.BlobPath(digest);
        if (!File.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        string target = paths.QuarantinePath(digest);
        string directory = Path.GetDirectoryName(target)!;
        DurableFiles.CreateDirectory(directory);
        DurableFiles.RenameAtomically(path, target);
        DurableFiles.SyncDirectory(directory);
        DurableFiles.SyncDirectory(paths.BlobDirectory(digest));
        return ValueTask.FromResult(true);
    }

    /// <summary>The file's last write time, or <c>null</c> when it vanished since it was listed.</summary>
    private static DateTimeOffset? TryLastWrite(FileInfo file)
    {
        file.Refresh();
        return file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) : null;
    }

    private static long? TryLength(FileInfo file)
    {
        file.Refresh();
        return file.Exists ? file.Length : null;
    }
}
