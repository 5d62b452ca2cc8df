using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task MigrateAsync_SecondTime_KeepsEverything()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));

        await Store.MigrateAsync(Token);
        await Store.MigrateAsync(Token);

        Assert.Equal(repository, await Store.FindRepositoryAsync(repository.AccountId, DefaultKey, Token));
        Assert.Equal(manifest.Body, (await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Body);
    }

    [Fact]
    public async Task PutManifestAsync_ManyConcurrentWriters_EveryWriteSucceeds()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        const int Writers = 64;

        ManifestWrite[] written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            ManifestWrite manifest = Manifest(repository.Id, i % 2 == 0 ? "app" : "web", Body($"m{i}"), tag: $"t{i:D3}", blobs: [BlobDigest($"layer {i}")]);
            await Store.PutManifestAsync(manifest, Token);
            await Store.LinkBlobAsync(repository.Id, BlobDigest($"layer {i}"), i, Token);
            return manifest;
        })));

        foreach (ManifestWrite manifest in written)
        {
            StoredManifest? stored = await Store.FindManifestByTagAsync(repository.Id, manifest.Image, manifest.Tag!, Token);
            Assert.Equal(manifest.Digest, stored?.Digest);
        }

        Assert.Equal(Writers / 2, (await Store.ListTagsAsync(repository.Id, "app", null, 1000, Token)).Count);
        Assert.Equal(Writers / 2, (await Store.ListTagsAsync(repository.Id, "web", null, 1000, Token)).Count);
        Assert.Equal(Writers - 1, await Store.FindBlobLinkAsync(repository.Id, BlobDigest($"layer {Writers - 1}"), Token));
    }

    [Fact]
    public async Task PutManifestAsync_ConcurrentWritersMovingOneTag_TagEndsOnOneOfTheirManifests()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();

        ManifestWrite[] written = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
            await PutAsync(Manifest(repository.Id, "app", Body($"m{i}"), tag: "latest")))));

        StoredManifest? tagged = await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token);
        Assert.NotNull(tagged);
        Assert.Contains(tagged.Digest, written.Select(m => m.Digest));
        Assert.Equal(32, (await Store.ListTaggedImagesAsync(repository.Id, Token)).Count);
    }
}
