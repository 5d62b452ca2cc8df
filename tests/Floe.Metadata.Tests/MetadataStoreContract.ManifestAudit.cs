using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task ListManifestsForAuditAsync_EmptyStore_ListsNothing()
    {
        Assert.Empty(await Store.ListManifestsForAuditAsync(Token).ToArrayAsync(Token));
    }

    [Fact]
    public async Task ListManifestsForAuditAsync_ManifestsOfTwoAccounts_EachOnceWithItsReferencesAndWhetherTheyAreBacked()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        RepositoryRecord other = await RepositoryAsync((await AccountAsync("OTHER")).Id);
        await Store.LinkBlobAsync(repository.Id, BlobDigest("config"), 10, Token);
        await Store.LinkBlobAsync(other.Id, BlobDigest("layer"), 10, Token);
        ManifestWrite image = await PutAsync(Manifest(repository.Id, "app", Body("image"), blobs: [BlobDigest("config"), BlobDigest("layer")]));
        ManifestWrite lonely = await PutAsync(Manifest(repository.Id, "app", Body("no references")));
        Digest absentChild = Digest.Sha256Of("never pushed"u8);
        ManifestWrite index = await PutAsync(Manifest(repository.Id, "app", Body("index"), children: [image.Digest, absentChild]));
        ManifestWrite elsewhere = await PutAsync(Manifest(other.Id, "tool", Body("other account"), blobs: [BlobDigest("layer")]));

        AuditedManifest[] audited = await Store.ListManifestsForAuditAsync(Token).ToArrayAsync(Token);

        Dictionary<Digest, AuditedManifest> byDigest = audited.ToDictionary(m => m.Digest);
        Assert.Equal(4, audited.Length);
        Assert.Equal(
            Sorted([new(ReferenceKind.Blob, BlobDigest("config"), true), new(ReferenceKind.Blob, BlobDigest("layer"), false)]),
            Sorted(byDigest[image.Digest].References));
        Assert.Empty(byDigest[lonely.Digest].References);
        Assert.Equal(
            Sorted([new(ReferenceKind.Manifest, image.Digest, true), new(ReferenceKind.Manifest, absentChild, false)]),
            Sorted(byDigest[index.Digest].References));
        Assert.Equal([new AuditedReference(ReferenceKind.Blob, BlobDigest("layer"), true)], byDigest[elsewhere.Digest].References);
        Assert.Equal("ACME", byDigest[image.Digest].Account);
        Assert.Equal("OTHER", byDigest[elsewhere.Digest].Account);
        Assert.EndsWith("/app@" + image.Digest, byDigest[image.Digest].ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/tool@" + elsewhere.Digest, byDigest[elsewhere.Digest].ToString(), StringComparison.Ordinal);
    }

    private static AuditedReference[] Sorted(IEnumerable<AuditedReference> references) =>
        [.. references.OrderBy(r => r.Digest.ToString(), StringComparer.Ordinal)];
}
