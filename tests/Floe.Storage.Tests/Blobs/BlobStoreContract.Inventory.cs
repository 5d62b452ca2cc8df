using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.Tests.Blobs;

/// <summary>The maintenance view of a store (<see cref="IBlobInventory"/>): listings and quarantine.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task ListUploadsAsync_OpenAndEndedUploads_ListsOnlyTheOpenOnes()
    {
        IBlobStore store = CreateStore();
        DateTimeOffset before = DateTimeOffset.UtcNow.AddMinutes(-1);
        string open = await StartAsync(store);
        await AppendAsync(store, open, 0, Bytes("still coming"));
        string cancelled = await StartAsync(store);
        await store.CancelUploadAsync(cancelled, None);
        string committed = await StartAsync(store);
        await store.CommitAsync(committed, Digest.Sha256Of([]), None);

        List<StoredUpload> uploads = await ToListAsync(store.ListUploadsAsync(None));

        StoredUpload listed = Assert.Single(uploads);
        Assert.Equal(open, listed.Id);
        Assert.InRange(listed.LastWrite, before, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ListBlobsAsync_CommittedBlobs_ListsEachOnceWithItsSize()
    {
        IBlobStore store = CreateStore();
        BlobInfo first = await PushAsync(store, Bytes("first"));
        BlobInfo second = await PushAsync(store, Bytes("the second one"));
        await PushAsync(store, Bytes("first"));
        await StartAsync(store);

        List<BlobInfo> blobs = await ToListAsync(store.ListBlobsAsync(None));

        Assert.Equal(
            new[] { first, second }.OrderBy(blob => blob.Digest.ToString(), StringComparer.Ordinal),
            blobs.OrderBy(blob => blob.Digest.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public async Task QuarantineAsync_CommittedBlob_IsNeverServedAndNoLongerListed()
    {
        IBlobStore store = CreateStore();
        BlobInfo kept = await PushAsync(store, Bytes("kept"));
        BlobInfo bad = await PushAsync(store, Bytes("gone bad"));

        Assert.True(await store.QuarantineAsync(bad.Digest, None));

        Assert.Null(await store.StatAsync(bad.Digest, None));
        Assert.Null(await store.OpenReadAsync(bad.Digest, None));
        Assert.Equal([kept], await ToListAsync(store.ListBlobsAsync(None)));
        Assert.Equal(Bytes("kept"), await ReadAllAsync(store, kept.Digest));
    }

    [Fact]
    public async Task QuarantineAsync_AbsentBlob_ReturnsFalse()
    {
        IBlobStore store = CreateStore();

        Assert.False(await store.QuarantineAsync(Digest.Sha256Of(Bytes("never pushed")), None));
    }

    [Fact]
    public async Task QuarantineAsync_PushedAgainAfterwards_IsServedAgain()
    {
        IBlobStore store = CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("repaired by a new push"));
        await store.QuarantineAsync(blob.Digest, None);

        await PushAsync(store, Bytes("repaired by a new push"));

        Assert.Equal(Bytes("repaired by a new push"), await ReadAllAsync(store, blob.Digest));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        List<T> list = [];
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
