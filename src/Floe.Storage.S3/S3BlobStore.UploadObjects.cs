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
    /// through spill files, each full part is sent as the next part object while the body keeps streaming
    /// into the next spill file (at most <see cref="S3BlobStoreOptions.UploadConcurrency"/> parts on disk or
    /// in flight), and what is left becomes a new tail object. Returns the state to write once every send
    /// has succeeded; until it is written the old state still holds, and a part object sent by a failed
    /// append is overwritten by the retry's part of the same number.
    /// </summary>
    private async Task<UploadState> AppendPartsAsync(
        string uploadId, UploadState state, Stream content, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        List<long> parts = [.. state.Parts];
        await using PartSends sends = new(_options.UploadConcurrency, cancellationToken);
        FileStream? spill = NewSpill();
        try
        {
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
                        parts.Add(spill.Length);
                        await spill.FlushAsync(cancellationToken);
                        SendSpill(sends, _keys.Part(uploadId, parts.Count), spill);
                        spill = null;
                        await sends.WaitForRoomAsync();
                        spill = NewSpill();
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            long tailSize = spill.Length;
            string? tailKey = tailSize > 0 ? _keys.NewTail(uploadId) : null;
            if (tailKey is not null)
            {
                await spill.FlushAsync(cancellationToken);
                SendSpill(sends, tailKey, spill);
                spill = null;
            }

            await sends.WhenAllAsync();
            return state with { Parts = [.. parts], Tail = tailKey, TailSize = tailSize };
        }
        finally
        {
            if (spill is not null)
            {
                await spill.DisposeAsync();
            }
        }
    }

    private FileStream NewSpill() => new(
        Path.Combine(_spillDirectory, "floe-s3-" + Guid.NewGuid().ToString("N")),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>Hands <paramref name="spill"/> to a send of its own, which puts it under <paramref name="key"/> and then deletes it.</summary>
    private void SendSpill(PartSends sends, string key, FileStream spill) =>
        sends.Start(async cancellationToken =>
        {
            await using (spill)
            {
                spill.Position = 0;
                await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    InputStream = spill,
                    AutoCloseStream = false,
                    AutoResetStreamPosition = true,
                }, cancellationToken);
            }
        });

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
            await CopyWholeAsync(sources[0], state.Size, blobKey, cancellationToken);
            return;
        }

        // Each source is one part of at most 5 GiB (a full part or the tail), so each is one whole-object part copy.
        await CopyPartsAsync(blobKey, [.. sources.Select(source => new CopySource(source, null, null))], cancellationToken);
    }

    /// <summary>
    /// Copies the object <paramref name="sourceKey"/> of <paramref name="size"/> bytes to <paramref name="destinationKey"/>:
    /// one <c>CopyObject</c> up to <see cref="S3BlobStoreOptions.CopyObjectLimit"/> (S3 takes at most 5 GiB
    /// that way), else a multipart upload of ranged part copies, completed atomically.
    /// </summary>
    private async Task CopyWholeAsync(string sourceKey, long size, string destinationKey, CancellationToken cancellationToken)
    {
        if (size <= _options.CopyObjectLimit)
        {
            await _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = sourceKey,
                DestinationBucket = Bucket,
                DestinationKey = destinationKey,
            }, cancellationToken);
            return;
        }

        // Equal ranges (the last shorter) of at least a part, and few enough for S3's 10,000 parts.
        long range = Math.Max(_options.PartSize, (size + MaximumParts - 1) / MaximumParts);
        List<CopySource> ranges = [];
        for (long first = 0; first < size; first += range)
        {
            ranges.Add(new CopySource(sourceKey, first, Math.Min(first + range, size) - 1));
        }

        await CopyPartsAsync(destinationKey, ranges, cancellationToken);
    }

    /// <summary>
    /// A multipart upload on <paramref name="destinationKey"/> whose parts are server-side copies of
    /// <paramref name="sources"/>, in order, several at once; S3 shows the object only once it is completed.
    /// </summary>
    private async Task CopyPartsAsync(string destinationKey, List<CopySource> sources, CancellationToken cancellationToken)
    {
        InitiateMultipartUploadResponse multipart = await _client.InitiateMultipartUploadAsync(Bucket, destinationKey, cancellationToken);
        try
        {
            PartETag[] etags = new PartETag[sources.Count];
            await using (PartSends copies = new(_options.UploadConcurrency, cancellationToken))
            {
                for (int i = 0; i < sources.Count; i++)
                {
                    int number = i + 1;
                    CopySource source = sources[i];
                    copies.Start(async token =>
                    {
                        CopyPartResponse part = await _client.CopyPartAsync(new CopyPartRequest
                        {
                            SourceBucket = Bucket,
                            SourceKey = source.Key,
                            DestinationBucket = Bucket,
                            DestinationKey = destinationKey,
                            UploadId = multipart.UploadId,
                            PartNumber = number,
                            FirstByte = source.FirstByte,
                            LastByte = source.LastByte,
                        }, token);
                        etags[number - 1] = new PartETag(number, part.ETag);
                    });
                    await copies.WaitForRoomAsync();
                }

                await copies.WhenAllAsync();
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = destinationKey,
                UploadId = multipart.UploadId,
                PartETags = [.. etags],
            }, cancellationToken);
        }
        catch
        {
            // The parts are copies; the sources stay, so a retry can copy again.
            await _client.AbortMultipartUploadAsync(Bucket, destinationKey, multipart.UploadId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>One part of a multipart copy: a whole object, or the bytes <paramref name="FirstByte"/> to <paramref name="LastByte"/> (inclusive) of it.</summary>
    private sealed record CopySource(string Key, long? FirstByte, long? LastByte);

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
