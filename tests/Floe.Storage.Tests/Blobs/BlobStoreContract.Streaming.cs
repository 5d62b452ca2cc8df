using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.Tests.Blobs;

/// <summary>The contract's concurrency and large-blob cases.</summary>
public abstract partial class BlobStoreContract
{
    /// <summary>64 MiB and a bit, so the last chunk of every buffer size is partial.</summary>
    protected const long LargeBlobSize = (64L << 20) + 12_345;

    [Fact]
    public async Task CommitAsync_SameDigestFromTwoUploadsConcurrently_BothCommitAndBlobIsIntact()
    {
        IBlobStore store = CreateStore();
        for (int round = 0; round < 10; round++)
        {
            byte[] content = Pattern(1 << 20, seed: round);
            Digest digest = Digest.Sha256Of(content);
            string first = await StartAsync(store);
            string second = await StartAsync(store);
            await AppendAsync(store, first, 0, content);
            await AppendAsync(store, second, 0, content);

            CommitResult[] results = await Task.WhenAll(
                Task.Run(() => store.CommitAsync(first, digest, None).AsTask()),
                Task.Run(() => store.CommitAsync(second, digest, None).AsTask()));

            CommitResult expected = new(CommitStatus.Committed, new BlobInfo(digest, content.Length));
            Assert.Equal([expected, expected], results);
            Assert.Equal(content, await ReadAllAsync(store, digest));
            Assert.Empty(ListUploadLeftovers());
        }
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendsToOneUpload_ChunksNeverInterleave()
    {
        const int Writers = 8;
        const int ChunkSize = 300_000; // more than one internal buffer, so an unguarded append could interleave
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        byte[][] chunks = [.. Enumerable.Range(1, Writers).Select(i => Enumerable.Repeat((byte)i, ChunkSize).ToArray())];

        long[] starts = await Task.WhenAll(chunks.Select(chunk => Task.Run(() => AppendAtTheEndAsync(store, id, chunk))));

        Assert.Equal(Enumerable.Range(0, Writers).Select(i => (long)i * ChunkSize), starts.Order());
        byte[] expected = [.. chunks.Zip(starts).OrderBy(pair => pair.Second).SelectMany(pair => pair.First)];
        Digest digest = Digest.Sha256Of(expected);
        CommitResult result = await store.CommitAsync(id, digest, None);

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, Writers * ChunkSize)), result);
        Assert.Equal(expected, await ReadAllAsync(store, digest));
    }

    [Fact]
    public async Task CommitAsync_LargeBlobStreamedInTwoAppends_CommitsWithoutBufferingIt()
    {
        IBlobStore store = CreateStore();
        const long FirstPart = 40L << 20;
        Digest digest = await DigestOfAsync(new GeneratedStream(LargeBlobSize, seed: 7), DigestAlgorithm.Sha256);
        string id = await StartAsync(store);
        await using GeneratedStream content = new(LargeBlobSize, seed: 7);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await using (Stream firstPart = new LimitedStream(content, FirstPart))
        {
            Assert.Equal(new AppendResult(AppendStatus.Appended, FirstPart), await store.AppendAsync(id, 0, firstPart, None));
        }

        Assert.Equal(new AppendResult(AppendStatus.Appended, LargeBlobSize), await store.AppendAsync(id, FirstPart, content, None));
        CommitResult result = await store.CommitAsync(id, digest, None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, LargeBlobSize)), result);
        Assert.True(allocated < AllowedAllocation(LargeBlobSize), $"Allocated {allocated} bytes to store a {LargeBlobSize}-byte blob.");
        await AssertStoredAsync(store, digest, LargeBlobSize);
    }

    /// <summary>
    /// Chunks whose edges fall on and off 4 KiB block boundaries, so a store that writes whole blocks
    /// one way and the rest another (the filesystem store's direct writes) has to stitch them: an
    /// append that starts aligned and ends mid-block, one that starts mid-block and ends aligned, and
    /// an aligned one after them. The stored bytes are read back from the store, not from its hash.
    /// </summary>
    [Fact]
    public async Task CommitAsync_AppendsOnAndOffBlockBoundaries_BlobIsTheConcatenation()
    {
        IBlobStore store = CreateStore();
        byte[] first = Pattern(300_000, seed: 1);
        byte[] second = Pattern(303_104 - 300_000, seed: 2);
        byte[] third = Pattern(600_000, seed: 3);
        byte[] whole = [.. first, .. second, .. third];
        string id = await StartAsync(store);

        Assert.Equal(new AppendResult(AppendStatus.Appended, 300_000), await AppendAsync(store, id, 0, first));
        Assert.Equal(new AppendResult(AppendStatus.Appended, 303_104), await AppendAsync(store, id, 300_000, second));
        Assert.Equal(new AppendResult(AppendStatus.Appended, whole.Length), await AppendAsync(store, id, 303_104, third));
        Digest digest = Digest.Sha256Of(whole);

        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(id, digest, None)).Status);
        Assert.Equal(whole, await ReadAllAsync(store, digest));
    }

    /// <summary>
    /// The bytes a store may allocate (garbage included) while it streams a blob of <paramref name="size"/>
    /// bytes: a sixteenth, far below what buffering the blob would take. A store whose client library
    /// allocates more per byte sent (and only transiently) may allow more, saying why.
    /// </summary>
    protected virtual long AllowedAllocation(long size) => size / 16;

    /// <summary>Reads the blob back through a hash (not into memory) and checks its size and digest.</summary>
    protected static async Task AssertStoredAsync(IBlobStore store, Digest digest, long size)
    {
        Assert.Equal(new BlobInfo(digest, size), await store.StatAsync(digest, None));
        await using Stream? stream = await store.OpenReadAsync(digest, None);
        Assert.NotNull(stream);
        Assert.Equal(digest, await DigestOfAsync(stream, digest.Algorithm));
    }

    protected static byte[] Pattern(int length, int seed)
    {
        byte[] bytes = new byte[length];
        using GeneratedStream source = new(length, (ulong)seed + 1);
        source.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Appends wherever the upload currently ends, retrying on OutOfOrder; returns the chunk's offset.</summary>
    private static async Task<long> AppendAtTheEndAsync(IBlobStore store, string id, byte[] chunk)
    {
        long offset = 0;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            AppendResult result = await AppendAsync(store, id, offset, chunk);
            if (result.Status == AppendStatus.Appended)
            {
                return result.Size - chunk.Length;
            }

            Assert.Equal(AppendStatus.OutOfOrder, result.Status);
            offset = result.Size;
        }

        throw new InvalidOperationException("The append never found the end of the upload.");
    }
}
