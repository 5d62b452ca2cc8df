using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

/// <summary>
/// The store's half of online garbage collection (docs/design/gc.md), step by step: every interleaving
/// of a commit's claim and link, a mount, and a collector's mark that the protocol relies on.
/// </summary>
public abstract partial class MetadataStoreContract
{
    private static readonly DateTimeOffset GcNow = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public async Task TombstoneBlobsAsync_Batch_MarksOnlyTheDigestsNothingNeeds()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.LinkBlobAsync(repository.Id, BlobDigest("linked"), 1, Token);
        await Store.LeaseBlobAsync(BlobDigest("leased"), "upload-1", GcNow.AddMinutes(1), Token);

        IReadOnlyList<Digest> marked = await Store.TombstoneBlobsAsync(
            [BlobDigest("linked"), BlobDigest("leased"), BlobDigest("garbage")], GcNow, Token);

        Assert.Equal([BlobDigest("garbage")], marked);
        Assert.Equal([BlobDigest("garbage")], await Store.ListTombstonesAsync(Token));
    }

    /// <summary>C1 for one digest: whether it was marked.</summary>
    private async Task<bool> MarkAsync(Digest digest) => (await Store.TombstoneBlobsAsync([digest], GcNow, Token)).Count == 1;

    [Fact]
    public async Task LinkLeasedBlobAsync_LeaseHeld_LinksTheBlobAndEndsTheLease()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");

        bool leased = await Store.LeaseBlobAsync(layer, "upload-1", GcNow.AddMinutes(30), Token);
        bool linked = await Store.LinkLeasedBlobAsync(repository.Id, layer, 42, "upload-1", Token);
        bool again = await Store.LinkLeasedBlobAsync(repository.Id, layer, 42, "upload-1", Token);

        Assert.True(leased);
        Assert.True(linked);
        Assert.False(again);
        Assert.Equal(42, await Store.FindBlobLinkAsync(repository.Id, layer, Token));
    }

    [Fact]
    public async Task TombstoneBlobsAsync_LiveLease_KeepsTheDigestForTheCommit()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");
        await Store.LeaseBlobAsync(layer, "upload-1", GcNow.AddMinutes(30), Token);

        bool marked = await MarkAsync(layer);
        bool linked = await Store.LinkLeasedBlobAsync(repository.Id, layer, 42, "upload-1", Token);

        Assert.False(marked);
        Assert.True(linked);
    }

    [Fact]
    public async Task TombstoneBlobsAsync_ExpiredLease_TakesTheDigestAndTheLateCommitLinksNothing()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");
        await Store.LeaseBlobAsync(layer, "upload-1", GcNow.AddMinutes(-1), Token);

        bool marked = await MarkAsync(layer);
        bool linked = await Store.LinkLeasedBlobAsync(repository.Id, layer, 42, "upload-1", Token);

        Assert.True(marked);
        Assert.False(linked);
        Assert.Null(await Store.FindBlobLinkAsync(repository.Id, layer, Token));
    }

    [Fact]
    public async Task LeaseBlobAsync_DigestTombstoned_IsRefusedUntilTheTombstoneIsDeleted()
    {
        Digest layer = BlobDigest("layer");
        await MarkAsync(layer);

        bool whileMarked = await Store.LeaseBlobAsync(layer, "upload-1", GcNow.AddMinutes(30), Token);
        IReadOnlyList<Digest> tombstones = await Store.ListTombstonesAsync(Token);
        await Store.DeleteTombstonesAsync([layer], Token);
        bool afterwards = await Store.LeaseBlobAsync(layer, "upload-1", GcNow.AddMinutes(30), Token);

        Assert.False(whileMarked);
        Assert.Equal([layer], tombstones);
        Assert.True(afterwards);
    }

    [Fact]
    public async Task TombstoneBlobsAsync_LinkedBlob_KeepsIt()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");
        await Store.LinkBlobAsync(repository.Id, layer, 42, Token);

        Assert.False(await MarkAsync(layer));
        Assert.Equal(42, await Store.FindBlobLinkAsync(repository.Id, layer, Token));
    }

    [Fact]
    public async Task TombstoneBlobsAsync_AfterTheOnlyRepositoryIsDropped_DeletesTheRowSoAMountLinksNothing()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord dropped = await RepositoryAsync(account.Id, DefaultKey with { Repository = "DROPPED" });
        RepositoryRecord other = await RepositoryAsync(account.Id, DefaultKey with { Repository = "OTHER" });
        Digest layer = BlobDigest("layer");
        await Store.LinkBlobAsync(dropped.Id, layer, 42, Token);
        await Store.DropRepositoryAsync(dropped.Id, Token);

        IReadOnlyList<BlobRecord> before = await Store.ListBlobRecordsAsync(Token);
        bool marked = await MarkAsync(layer);
        long? mounted = await Store.MountBlobAsync(other.Id, layer, Token);

        Assert.Contains(new BlobRecord(layer, 42, Linked: false), before);
        Assert.True(marked);
        Assert.Null(mounted);
        Assert.DoesNotContain(await Store.ListBlobRecordsAsync(Token), record => record.Digest == layer);
        Assert.Null(await Store.FindBlobLinkAsync(other.Id, layer, Token));
    }

    [Fact]
    public async Task MountBlobAsync_RecordedBlob_LinksItWithItsSize()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord source = await RepositoryAsync(account.Id, DefaultKey with { Repository = "SOURCE" });
        RepositoryRecord target = await RepositoryAsync(account.Id, DefaultKey with { Repository = "TARGET" });
        Digest layer = BlobDigest("layer");
        await Store.LinkBlobAsync(source.Id, layer, 42, Token);

        Assert.Equal(42, await Store.MountBlobAsync(target.Id, layer, Token));
        Assert.Equal(42, await Store.FindBlobLinkAsync(target.Id, layer, Token));
        Assert.Contains(new BlobRecord(layer, 42, Linked: true), await Store.ListBlobRecordsAsync(Token));
    }

    [Fact]
    public async Task DeleteExpiredBlobLeasesAsync_RemovesOnlyExpiredLeases()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.LeaseBlobAsync(BlobDigest("dead"), "upload-1", GcNow.AddMinutes(-1), Token);
        await Store.LeaseBlobAsync(BlobDigest("live"), "upload-2", GcNow.AddMinutes(1), Token);

        int removed = await Store.DeleteExpiredBlobLeasesAsync(GcNow, Token);

        Assert.Equal(1, removed);
        Assert.True(await Store.LinkLeasedBlobAsync(repository.Id, BlobDigest("live"), 1, "upload-2", Token));
        Assert.False(await Store.LinkLeasedBlobAsync(repository.Id, BlobDigest("dead"), 1, "upload-1", Token));
    }
}
