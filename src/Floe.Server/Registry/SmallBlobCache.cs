using Floe.Core.Blobs;
using Floe.Core.Content;
using Microsoft.Extensions.Caching.Memory;

namespace Floe.Server.Registry;

/// <summary>A small blob held in memory: its verified bytes, and the time its file was last written, when it has one.</summary>
internal sealed record CachedBlob(byte[] Content, DateTimeOffset? LastModified);

/// <summary>
/// The bytes of small blobs (image configs, small layers, signatures, attestations), kept in memory so a
/// download of one is answered without touching the store: every <c>docker pull</c> fetches its image's
/// config. Content-addressed bytes never change, so nothing is ever invalidated; who may read a blob is
/// still decided on every request (the token, then the repository's link) before the cache is asked.
/// Only bytes whose digest was checked are kept, so a blob that rots on disk is never cached. Bounded by
/// <see cref="Capacity"/> bytes, least recently used out first.
/// </summary>
internal sealed class SmallBlobCache(IBlobReader blobs) : IDisposable
{
    /// <summary>The largest blob kept: a config or a signature is a few KiB.</summary>
    public const int MaxBlobBytes = 64 * 1024;

    /// <summary>The most bytes kept in all.</summary>
    public const long Capacity = 32L * 1024 * 1024;

    private readonly MemoryCache _blobs = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(Digest digest, out CachedBlob? blob) => _blobs.TryGetValue(digest, out blob);

    /// <summary>
    /// Reads a blob of at most <see cref="MaxBlobBytes"/> from the store, checks its digest and keeps it.
    /// <c>null</c> when it is larger, missing, shorter or longer than <paramref name="blob"/> says, or its
    /// bytes do not match its digest: the caller then serves it the usual way, which reports each of those.
    /// </summary>
    public async ValueTask<CachedBlob?> FillAsync(BlobInfo blob, CancellationToken cancellationToken)
    {
        if (blob.Size > MaxBlobBytes)
        {
            return null;
        }

        byte[] content = new byte[blob.Size];
        await using (Stream? stream = await blobs.OpenReadAsync(blob.Digest, cancellationToken))
        {
            if (stream is null
                || await stream.ReadAtLeastAsync(content, content.Length, throwOnEndOfStream: false, cancellationToken) != content.Length
                || stream.ReadByte() != -1)
            {
                return null;
            }
        }

        if (Digest.Compute(blob.Digest.Algorithm, content) != blob.Digest)
        {
            return null;
        }

        // As the file's own answer gives it: to the second, the precision of the header.
        DateTimeOffset? lastModified = blobs is IBlobLocalFiles local && local.GetLocalPath(blob.Digest) is { } path
            && File.GetLastWriteTimeUtc(path) is var written
            ? new DateTimeOffset(written.Year, written.Month, written.Day, written.Hour, written.Minute, written.Second, TimeSpan.Zero)
            : null;
        CachedBlob cached = new(content, lastModified);
        _blobs.Set(blob.Digest, cached, new MemoryCacheEntryOptions { Size = Math.Max(1, content.Length) });
        return cached;
    }

    public void Dispose() => _blobs.Dispose();
}
