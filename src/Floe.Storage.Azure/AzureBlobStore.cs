using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Floe.Core.Blobs;
using Floe.Core.Content;
using BlobInfo = Floe.Core.Blobs.BlobInfo;

namespace Floe.Storage.Azure;

/// <summary>
/// Blobs in an Azure Blob Storage container, layout in <see cref="AzureNames"/>. An upload lives in the
/// container, not in the node that started it: its state blob and the blocks staged on its data blob, so
/// any node can take its next append or its commit. An append streams the request body through a spill
/// file of at most one block on local disk (memory does not grow with the body) and stages each block. A
/// commit verifies the digest (with the running hash when this node saw every byte, otherwise by
/// committing the data blob and reading it back), then copies the data blob server-side under the
/// blob's name.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore, IBlobStoreProbe, IBlobRedirects
{
    private const int CopyBufferSize = 81920;
    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly BlobContainerClient _container;
    private readonly AzureBlobStoreOptions _options;
    private readonly AzureNames _names;
    private readonly UploadHashes _hashes = new();
    private readonly string _spillDirectory;

    public AzureBlobStore(BlobContainerClient container, AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BlockSize, AzureBlobStoreOptions.MaximumBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UploadConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.UploadConcurrency, AzureBlobStoreOptions.MaximumUploadConcurrency);
        _container = container;
        _options = options;
        _names = new AzureNames(options.Prefix);
        _spillDirectory = options.SpillDirectory ?? Path.GetTempPath();
    }

    /// <inheritdoc />
    public async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        string where = $"container '{_container.Name}' at {_container.Uri.GetLeftPart(UriPartial.Authority)}";
        try
        {
            await _container.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new BlobStoreUnavailableException($"{where} does not exist: create it first (AzureContainer)", ex);
        }
        catch (RequestFailedException ex) when (ex.Status is 401 or 403)
        {
            throw new BlobStoreUnavailableException($"{where} refused the credentials of AzureConnectionString: {ex.ErrorCode}", ex);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw new BlobStoreUnavailableException($"{where} answered {ex.Status} {ex.ErrorCode}", ex);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException or AggregateException)
        {
            throw new BlobStoreUnavailableException($"cannot reach {where}: {Innermost(ex).Message}", ex);
        }
    }

    public async ValueTask<BlobInfo?> StatAsync(Digest digest, CancellationToken cancellationToken)
    {
        long? size = await SizeOfAsync(_names.Blob(digest), cancellationToken);
        return size is null ? null : new BlobInfo(digest, size.Value);
    }

    public async ValueTask<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await _container.GetBlobClient(_names.Blob(digest))
                .OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// A read-only SAS URL of the blob, signed locally with the account key of the connection string: the
    /// client reads the store directly with it until it expires.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string has no account key to sign with.</exception>
    public Uri DownloadUri(Digest digest, TimeSpan lifetime)
    {
        BlobClient blob = _container.GetBlobClient(_names.Blob(digest));
        return blob.CanGenerateSasUri
            ? blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.Add(lifetime))
            : throw new InvalidOperationException("A SAS URL is signed with the storage account's key: AzureConnectionString has no AccountKey.");
    }

    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is not 1 to 64 ASCII letters, digits or dashes.</exception>
    public async ValueTask StartUploadAsync(string uploadId, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        if (!AzureNames.IsUploadId(uploadId))
        {
            throw new ArgumentException($"An upload id is 1 to {AzureNames.MaxUploadIdLength} ASCII letters, digits or dashes.", nameof(uploadId));
        }

        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm.");
        }

        await WriteStateAsync(uploadId, UploadState.Empty(algorithm), cancellationToken);
        _hashes.Keep(uploadId, algorithm, IncrementalHash.CreateHash(Digest.HashName(algorithm)), 0);
    }

    public async ValueTask<long?> GetUploadSizeAsync(string uploadId, CancellationToken cancellationToken) =>
        AzureNames.IsUploadId(uploadId) ? (await ReadStateAsync(uploadId, cancellationToken))?.Size : null;

    public async ValueTask<AppendResult> AppendAsync(string uploadId, long expectedOffset, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!AzureNames.IsUploadId(uploadId))
        {
            return new AppendResult(AppendStatus.UploadUnknown, 0);
        }

        using IDisposable held = await _hashes.LockAsync(uploadId, cancellationToken);
        UploadState? state = await ReadStateAsync(uploadId, cancellationToken);
        if (state is null)
        {
            return new AppendResult(AppendStatus.UploadUnknown, 0);
        }

        if (expectedOffset != state.Size)
        {
            return new AppendResult(AppendStatus.OutOfOrder, state.Size);
        }

        // Taken out while the append runs: if it fails partway the hash has seen bytes the container has not kept.
        IncrementalHash? hash = _hashes.Take(uploadId, state.Algorithm, state.Size);
        try
        {
            UploadState appended = await StageBlocksAsync(uploadId, state, content, hash, cancellationToken);
            await WriteStateAsync(uploadId, appended, cancellationToken);
            if (hash is not null)
            {
                _hashes.Keep(uploadId, appended.Algorithm, hash, appended.Size);
            }

            return new AppendResult(AppendStatus.Appended, appended.Size);
        }
        catch
        {
            hash?.Dispose();
            throw;
        }
    }

    public async ValueTask<CommitResult> CommitAsync(string uploadId, Digest expected, CancellationToken cancellationToken)
    {
        if (!AzureNames.IsUploadId(uploadId))
        {
            return new CommitResult(CommitStatus.UploadUnknown, null);
        }

        using IDisposable held = await _hashes.LockAsync(uploadId, cancellationToken);
        UploadState? state = await ReadStateAsync(uploadId, cancellationToken);
        if (state is null)
        {
            return new CommitResult(CommitStatus.UploadUnknown, null);
        }

        (Digest actual, state) = await DigestOfUploadAsync(uploadId, state, expected.Algorithm, cancellationToken);
        if (actual != expected)
        {
            return new CommitResult(CommitStatus.DigestMismatch, null);
        }

        BlobClient blob = _container.GetBlobClient(_names.Blob(expected));
        if (await SizeOfAsync(blob.Name, cancellationToken) is null)
        {
            if (state.Size == 0)
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
            }
            else
            {
                await CommitDataAsync(uploadId, state, cancellationToken);
                await CopyAsync(_container.GetBlobClient(_names.Data(uploadId)), blob, cancellationToken);
            }
        }

        await DeleteUploadBlobsAsync(uploadId, cancellationToken);
        _hashes.Remove(uploadId);
        return new CommitResult(CommitStatus.Committed, new BlobInfo(expected, state.Size));
    }

    public async ValueTask CancelUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        if (!AzureNames.IsUploadId(uploadId))
        {
            return;
        }

        using (await _hashes.LockAsync(uploadId, cancellationToken))
        {
            await DeleteUploadBlobsAsync(uploadId, cancellationToken);
        }

        _hashes.Remove(uploadId);
    }

    public async ValueTask<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken)
    {
        Response<bool> deleted = await _container.GetBlobClient(_names.Blob(digest)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return deleted.Value;
    }

    public async IAsyncEnumerable<StoredUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Names come in lexicographic order, so each upload's blobs are contiguous. Uncommitted ones too:
        // a data blob whose state was removed by a commit or cancel that did not finish holds staged blocks only.
        string? current = null;
        DateTimeOffset lastWrite = DateTimeOffset.MinValue;
        GetBlobsOptions listing = new() { Prefix = _names.Uploads, States = BlobStates.Uncommitted };
        await foreach (BlobItem item in _container.GetBlobsAsync(listing, cancellationToken))
        {
            string id = _names.UploadIdOf(item.Name);
            if (!string.Equals(id, current, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    yield return new StoredUpload(current, lastWrite);
                }

                (current, lastWrite) = (id, DateTimeOffset.MinValue);
            }

            DateTimeOffset modified = item.Properties.LastModified ?? DateTimeOffset.UnixEpoch;
            lastWrite = modified > lastWrite ? modified : lastWrite;
        }

        if (current is not null)
        {
            yield return new StoredUpload(current, lastWrite);
        }
    }

    public async IAsyncEnumerable<BlobInfo> ListBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (BlobItem item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _names.Blobs }, cancellationToken))
        {
            if (_names.BlobDigest(item.Name) is { } digest)
            {
                yield return new BlobInfo(digest, item.Properties.ContentLength ?? 0);
            }
        }
    }

    public async ValueTask<bool> QuarantineAsync(Digest digest, CancellationToken cancellationToken)
    {
        BlobClient blob = _container.GetBlobClient(_names.Blob(digest));
        if (await SizeOfAsync(blob.Name, cancellationToken) is null)
        {
            return false;
        }

        await CopyAsync(blob, _container.GetBlobClient(_names.Quarantine(digest)), cancellationToken);
        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return true;
    }

    private async Task<long?> SizeOfAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobProperties> properties = await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception exception)
    {
        Exception current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }
}
