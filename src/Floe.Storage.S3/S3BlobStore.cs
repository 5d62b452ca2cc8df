using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.S3;

/// <summary>
/// Blobs in an S3 bucket (Amazon S3 or any S3-compatible server), layout in <see cref="S3Keys"/>.
/// An upload lives in the bucket, not in the node that started it: its state object, full parts and
/// tail, so any node can take its next append or its commit. An append streams the request body
/// through a spill file of at most one part on local disk (memory does not grow with the body), sends
/// each full part as an object, and keeps the rest as the new tail. A commit verifies the digest (with
/// the running hash when this node saw every byte, otherwise by reading the stored parts back) and
/// then assembles the blob server-side: one copy, or a multipart upload whose parts are copies of the
/// upload's objects, completed atomically under the blob's key.
/// </summary>
public sealed partial class S3BlobStore : IBlobStore, IBlobStoreProbe, IBlobRedirects
{
    private const int CopyBufferSize = 81920;

    /// <summary>The most parts S3 takes in one multipart upload.</summary>
    private const long MaximumParts = 10_000;

    private readonly IAmazonS3 _client;
    private readonly S3BlobStoreOptions _options;
    private readonly S3Keys _keys;
    private readonly UploadHashes _hashes = new();
    private readonly string _spillDirectory;

    public S3BlobStore(IAmazonS3 client, S3BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PartSize, S3BlobStoreOptions.MinimumPartSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PartSize, S3BlobStoreOptions.MaximumPartSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UploadConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.UploadConcurrency, S3BlobStoreOptions.MaximumUploadConcurrency);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CopyObjectLimit, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.CopyObjectLimit, S3BlobStoreOptions.MaximumPartSize);
        _client = client;
        _options = options;
        _keys = new S3Keys(options.Prefix);
        _spillDirectory = options.SpillDirectory ?? Path.GetTempPath();
    }

    private string Bucket => _options.Bucket;

    /// <inheritdoc />
    public async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        string where = $"bucket '{Bucket}' at {_options.Endpoint ?? "Amazon S3 (" + _options.Region + ")"}";
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = _keys.Blobs, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode == "NoSuchBucket")
        {
            throw new BlobStoreUnavailableException($"{where} does not exist: create it first (S3Bucket)", ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new BlobStoreUnavailableException($"{where} refused the credentials (S3AccessKey, S3SecretKey): {ex.ErrorCode}", ex);
        }
        catch (AmazonS3Exception ex)
        {
            throw new BlobStoreUnavailableException($"{where} answered {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Amazon.Runtime.AmazonClientException or TaskCanceledException)
        {
            throw new BlobStoreUnavailableException($"cannot reach {where}: {Innermost(ex).Message}", ex);
        }
    }

    public async ValueTask<BlobInfo?> StatAsync(Digest digest, CancellationToken cancellationToken)
    {
        long? size = await SizeOfAsync(_keys.Blob(digest), cancellationToken);
        return size is null ? null : new BlobInfo(digest, size.Value);
    }

    public async ValueTask<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        string key = _keys.Blob(digest);
        long? size = await SizeOfAsync(key, cancellationToken);
        return size is null ? null : new S3ReadStream(_client, Bucket, key, size.Value);
    }

    /// <summary>
    /// A pre-signed <c>GET</c> of the blob's object (signature version 4, computed locally): the client reads
    /// the store directly with it until it expires; the scheme is the endpoint's, so a plain-HTTP store gets
    /// a plain-HTTP URL.
    /// </summary>
    public Uri DownloadUri(Digest digest, TimeSpan lifetime) =>
        new(_client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = _keys.Blob(digest),
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(lifetime),
            Protocol = _options.Endpoint is { } endpoint && endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        }));

    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is not 1 to 64 ASCII letters, digits or dashes.</exception>
    public async ValueTask StartUploadAsync(string uploadId, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        if (!S3Keys.IsUploadId(uploadId))
        {
            throw new ArgumentException($"An upload id is 1 to {S3Keys.MaxUploadIdLength} ASCII letters, digits or dashes.", nameof(uploadId));
        }

        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm.");
        }

        await WriteStateAsync(uploadId, UploadState.Empty(algorithm), cancellationToken);
        _hashes.Keep(uploadId, algorithm, IncrementalHash.CreateHash(Digest.HashName(algorithm)), 0);
    }

    public async ValueTask<long?> GetUploadSizeAsync(string uploadId, CancellationToken cancellationToken) =>
        S3Keys.IsUploadId(uploadId) ? (await ReadStateAsync(uploadId, cancellationToken))?.Size : null;

    public async ValueTask<AppendResult> AppendAsync(string uploadId, long expectedOffset, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!S3Keys.IsUploadId(uploadId))
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

        // Taken out while the append runs: if it fails partway the hash has seen bytes the bucket has not kept.
        IncrementalHash? hash = _hashes.Take(uploadId, state.Algorithm, state.Size);
        try
        {
            UploadState appended = await AppendPartsAsync(uploadId, state, content, hash, cancellationToken);
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
        if (!S3Keys.IsUploadId(uploadId))
        {
            return new CommitResult(CommitStatus.UploadUnknown, null);
        }

        using IDisposable held = await _hashes.LockAsync(uploadId, cancellationToken);
        UploadState? state = await ReadStateAsync(uploadId, cancellationToken);
        if (state is null)
        {
            return new CommitResult(CommitStatus.UploadUnknown, null);
        }

        Digest actual = await DigestOfUploadAsync(uploadId, state, expected.Algorithm, cancellationToken);
        if (actual != expected)
        {
            return new CommitResult(CommitStatus.DigestMismatch, null);
        }

        string blobKey = _keys.Blob(expected);
        if (await SizeOfAsync(blobKey, cancellationToken) is null)
        {
            await AssembleAsync(uploadId, state, blobKey, cancellationToken);
        }

        await DeleteUploadObjectsAsync(uploadId, cancellationToken);
        _hashes.Remove(uploadId);
        return new CommitResult(CommitStatus.Committed, new BlobInfo(expected, state.Size));
    }

    public async ValueTask CancelUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        if (!S3Keys.IsUploadId(uploadId))
        {
            return;
        }

        using (await _hashes.LockAsync(uploadId, cancellationToken))
        {
            await DeleteUploadObjectsAsync(uploadId, cancellationToken);
        }

        _hashes.Remove(uploadId);
    }

    public async ValueTask<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken)
    {
        string key = _keys.Blob(digest);
        if (await SizeOfAsync(key, cancellationToken) is null)
        {
            return false;
        }

        await _client.DeleteObjectAsync(Bucket, key, cancellationToken);
        return true;
    }

    public async IAsyncEnumerable<StoredUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keys come in lexicographic order, so each upload's objects are contiguous.
        string? current = null;
        DateTimeOffset lastWrite = DateTimeOffset.MinValue;
        await foreach (S3Object item in ListAsync(_keys.Uploads, cancellationToken))
        {
            string id = _keys.UploadIdOf(item.Key);
            if (!string.Equals(id, current, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    yield return new StoredUpload(current, lastWrite);
                }

                (current, lastWrite) = (id, DateTimeOffset.MinValue);
            }

            DateTimeOffset modified = new(item.LastModified ?? DateTime.UnixEpoch);
            lastWrite = modified > lastWrite ? modified : lastWrite;
        }

        if (current is not null)
        {
            yield return new StoredUpload(current, lastWrite);
        }
    }

    public async IAsyncEnumerable<BlobInfo> ListBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (S3Object item in ListAsync(_keys.Blobs, cancellationToken))
        {
            if (_keys.BlobDigest(item.Key) is { } digest)
            {
                yield return new BlobInfo(digest, item.Size ?? 0);
            }
        }
    }

    public async ValueTask<bool> QuarantineAsync(Digest digest, CancellationToken cancellationToken)
    {
        string key = _keys.Blob(digest);
        long? size = await SizeOfAsync(key, cancellationToken);
        if (size is null)
        {
            return false;
        }

        await CopyWholeAsync(key, size.Value, _keys.Quarantine(digest), cancellationToken);
        await _client.DeleteObjectAsync(Bucket, key, cancellationToken);
        return true;
    }

    private async Task<long?> SizeOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            GetObjectMetadataResponse metadata = await _client.GetObjectMetadataAsync(Bucket, key, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<S3Object> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ListObjectsV2Request request = new() { BucketName = Bucket, Prefix = prefix };
        while (true)
        {
            ListObjectsV2Response page = await _client.ListObjectsV2Async(request, cancellationToken);
            // S3Objects is null, not empty, when nothing matches.
            foreach (S3Object item in page.S3Objects ?? [])
            {
                yield return item;
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
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
