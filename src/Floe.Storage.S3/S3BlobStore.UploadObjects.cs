using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.S3;

// The objects of an upload in the bucket: appending parts through the spill file, hashing what another node received, assembling the blob, and the upload's state object.
public sealed partial class S3BlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> after the upload's stored bytes: the tail and the new bytes go
    /// through a spill file, each full part is sent as the next part object, and what is left becomes a new
    /// tail object. Returns the state to write; until it is written the old state still holds.
    /// </summary>
    private async Task<UploadState> AppendPartsAsync(
        string uploadId, UploadState state, Stream content, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        List<long> parts = [.. state.Parts];
        await using FileStream spill = new(
            Path.Combine(_spillDirectory, "floe-s3-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (state.Tail is not null && state.TailSize > 0)
        {
            using GetObjectResponse tail = await _client.GetObjectAsync(Bucket, state.Tail, cancellationToken);
            await using Stream body = tail.ResponseStream;
            await body.CopyToAsync(spill, CopyBufferSize, cancellationToken);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            while (true)
            {
                int room = (int)Math.Min(buffer.Length, _options.PartSize - spill.Length);
                int read = await content.ReadAsync(buffer.AsMemory(0, room), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                hash?.AppendData(buffer, 0, read);
                await spill.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (spill.Length == _options.PartSize)
                {
                    await PutSpillAsync(_keys.Part(uploadId, parts.Count + 1), spill, cancellationToken);
                    parts.Add(spill.Length);
                    spill.SetLength(0);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        string? tailKey = null;
        if (spill.Length > 0)
        {
            tailKey = _keys.NewTail(uploadId);
            await PutSpillAsync(tailKey, spill, cancellationToken);
        }

        return state with { Parts = [.. parts], Tail = tailKey, TailSize = spill.Length };
    }

    private async Task PutSpillAsync(string key, FileStream spill, CancellationToken cancellationToken)
    {
        await spill.FlushAsync(cancellationToken);
        spill.Position = 0;
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = spill,
            AutoCloseStream = false,
            AutoResetStreamPosition = true,
        }, cancellationToken);
        spill.Position = spill.Length;
    }

    /// <summary>The digest of the upload's bytes: the running hash when this node saw them all, else read back from the bucket.</summary>
    private async Task<Digest> DigestOfUploadAsync(string uploadId, UploadState state, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        IncrementalHash? running = _hashes.Find(uploadId, algorithm, state.Size);
        if (running is not null)
        {
            return Digest.FromHash(algorithm, running.GetCurrentHash());
        }

        IncrementalHash hash = IncrementalHash.CreateHash(Digest.HashName(algorithm));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (string key in StoredObjects(uploadId, state))
            {
                using GetObjectResponse response = await _client.GetObjectAsync(Bucket, key, cancellationToken);
                await using Stream body = response.ResponseStream;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Kept when it is the upload's own algorithm: a retried commit or a further append will not read again.
        if (algorithm == state.Algorithm)
        {
            _hashes.Keep(uploadId, algorithm, hash, state.Size);
            return Digest.FromHash(algorithm, hash.GetCurrentHash());
        }

        using (hash)
        {
            return Digest.FromHash(algorithm, hash.GetCurrentHash());
        }
    }

    /// <summary>The upload's objects in order: its full parts, then its tail.</summary>
    private List<string> StoredObjects(string uploadId, UploadState state)
    {
        List<string> keys = [.. Enumerable.Range(1, state.Parts.Length).Select(number => _keys.Part(uploadId, number))];
        if (state.Tail is not null && state.TailSize > 0)
        {
            keys.Add(state.Tail);
        }

        return keys;
    }

    /// <summary>Puts the upload's bytes under <paramref name="blobKey"/> in one atomic step, server-side.</summary>
    private async Task AssembleAsync(string uploadId, UploadState state, string blobKey, CancellationToken cancellationToken)
    {
        List<string> sources = StoredObjects(uploadId, state);
        if (sources.Count == 0)
        {
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = blobKey, ContentBody = string.Empty }, cancellationToken);
            return;
        }

        if (sources.Count == 1)
        {
            await _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = sources[0],
                DestinationBucket = Bucket,
                DestinationKey = blobKey,
            }, cancellationToken);
            return;
        }

        InitiateMultipartUploadResponse multipart = await _client.InitiateMultipartUploadAsync(Bucket, blobKey, cancellationToken);
        try
        {
            List<PartETag> etags = [];
            for (int i = 0; i < sources.Count; i++)
            {
                CopyPartResponse part = await _client.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = Bucket,
                    SourceKey = sources[i],
                    DestinationBucket = Bucket,
                    DestinationKey = blobKey,
                    UploadId = multipart.UploadId,
                    PartNumber = i + 1,
                }, cancellationToken);
                etags.Add(new PartETag(i + 1, part.ETag));
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = blobKey,
                UploadId = multipart.UploadId,
                PartETags = etags,
            }, cancellationToken);
        }
        catch
        {
            // The parts are copies; the upload's own objects stay, so a retry can assemble again.
            await _client.AbortMultipartUploadAsync(Bucket, blobKey, multipart.UploadId, CancellationToken.None);
            throw;
        }
    }

    private async Task DeleteUploadObjectsAsync(string uploadId, CancellationToken cancellationToken)
    {
        // The state goes first: from then on the upload is unknown, whatever else is left to remove.
        await _client.DeleteObjectAsync(Bucket, _keys.State(uploadId), cancellationToken);
        List<KeyVersion> rest = [];
        await foreach (S3Object item in ListAsync(_keys.Upload(uploadId), cancellationToken))
        {
            rest.Add(new KeyVersion { Key = item.Key });
        }

        foreach (KeyVersion[] batch in rest.Chunk(1000))
        {
            await _client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = [.. batch] }, cancellationToken);
        }
    }

    private async Task<UploadState?> ReadStateAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            using GetObjectResponse response = await _client.GetObjectAsync(Bucket, _keys.State(uploadId), cancellationToken);
            await using Stream body = response.ResponseStream;
            using MemoryStream json = new();
            await body.CopyToAsync(json, cancellationToken);
            json.Position = 0;
            return UploadState.FromJson(json);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task WriteStateAsync(string uploadId, UploadState state, CancellationToken cancellationToken)
    {
        using MemoryStream json = new(state.ToJson(), writable: false);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = _keys.State(uploadId),
            InputStream = json,
            ContentType = "application/json",
        }, cancellationToken);
    }
}
