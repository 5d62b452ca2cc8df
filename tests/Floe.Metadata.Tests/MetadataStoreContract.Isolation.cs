using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task TwoAccounts_SameRepositoryKey_NothingOfOneIsVisibleThroughTheOther()
    {
        AccountRecord acme = await AccountAsync("ACME");
        AccountRecord other = await AccountAsync("OTHER");
        RepositoryRecord acmeRepository = await RepositoryAsync(acme.Id);
        RepositoryRecord otherRepository = await RepositoryAsync(other.Id);
        ManifestWrite manifest = await PutAsync(Manifest(acmeRepository.Id, "app", Body("v1"), tag: "latest"));
        await Store.LinkBlobAsync(acmeRepository.Id, BlobDigest("layer"), 10, Token);

        Assert.NotEqual(acmeRepository.Id, otherRepository.Id);
        Assert.Equal(otherRepository, await Store.FindRepositoryAsync(other.Id, DefaultKey, Token));
        Assert.Equal([otherRepository], await Store.ListRepositoriesAsync(other.Id, Token));
        Assert.Null(await Store.FindManifestAsync(otherRepository.Id, "app", manifest.Digest, Token));
        Assert.Null(await Store.FindManifestByTagAsync(otherRepository.Id, "app", "latest", Token));
        Assert.Empty(await Store.ListTagsAsync(otherRepository.Id, "app", null, 100, Token));
        Assert.False(await Store.ImageExistsAsync(otherRepository.Id, "app", Token));
        Assert.Empty(await Store.ListTaggedImagesAsync(otherRepository.Id, Token));
        Assert.Empty(await Store.ListImageNamesAsync(other.Id, null, 100, Token));
        Assert.Null(await Store.FindBlobLinkAsync(otherRepository.Id, BlobDigest("layer"), Token));
        Assert.Empty(await Store.FindRepositoriesLinkingAsync(other.Id, BlobDigest("layer"), Token));
        Assert.Equal(["db/public/repo/app"], await Store.ListImageNamesAsync(acme.Id, null, 100, Token));
    }

    [Fact]
    public async Task TwoAccounts_SameImagePushedToBoth_EachKeepsItsOwnTag()
    {
        AccountRecord acme = await AccountAsync("ACME");
        AccountRecord other = await AccountAsync("OTHER");
        RepositoryRecord acmeRepository = await RepositoryAsync(acme.Id);
        RepositoryRecord otherRepository = await RepositoryAsync(other.Id);
        ManifestWrite shared = await PutAsync(Manifest(acmeRepository.Id, "app", Body("shared"), tag: "latest"));
        await PutAsync(Manifest(otherRepository.Id, "app", Body("shared"), tag: "latest"));
        ManifestWrite moved = await PutAsync(Manifest(otherRepository.Id, "app", Body("other v2"), tag: "latest"));

        await Store.DropRepositoryAsync(otherRepository.Id, Token);

        Assert.Equal(shared.Digest, (await Store.FindManifestByTagAsync(acmeRepository.Id, "app", "latest", Token))?.Digest);
        Assert.NotEqual(shared.Digest, moved.Digest);
        Assert.Equal(["db/public/repo/app"], await Store.ListImageNamesAsync(acme.Id, null, 100, Token));
    }
}
