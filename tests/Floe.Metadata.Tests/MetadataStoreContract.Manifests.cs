using System.Text;
using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task PutManifestAsync_ThenFindManifest_ReturnsTheExactBytesAndFields()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        // Odd whitespace, CRLF, a non-ASCII character and a trailing NUL: stores must not normalise anything.
        byte[] body = [.. Encoding.UTF8.GetBytes("{ \"schemaVersion\" :2,\r\n\t\"annotations\":{\"é\":\"ü\"}  }\n"), 0];
        Digest subject = Digest.Sha256Of("subject"u8);
        ManifestWrite manifest = Manifest(repository.Id, "team/app", body, subject: subject, artifactType: "application/vnd.example+json",
            annotationsJson: """{"org.example":"yes"}""", blobs: [BlobDigest("config"), BlobDigest("layer")]);

        await Store.PutManifestAsync(manifest, Token);
        StoredManifest? stored = await Store.FindManifestAsync(repository.Id, "team/app", manifest.Digest, Token);

        Assert.NotNull(stored);
        Assert.Equal(body, stored.Body);
        Assert.Equal(manifest.Digest, stored.Digest);
        Assert.Equal(MediaTypes.OciManifest, stored.MediaType);
        Assert.Equal("application/vnd.example+json", stored.ArtifactType);
        Assert.Equal(subject, stored.Subject);
        Assert.Equal(body.Length, stored.Size);
        Assert.Equal(Start, stored.CreatedOn);
    }

    [Fact]
    public async Task PutManifestAsync_NoSubjectNorArtifactType_StoresNulls()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("plain")));

        StoredManifest? stored = await Store.FindManifestAsync(repository.Id, "app", manifest.Digest, Token);

        Assert.NotNull(stored);
        Assert.Null(stored.Subject);
        Assert.Null(stored.ArtifactType);
    }

    [Fact]
    public async Task PutManifestAsync_SameDigestTwice_KeepsTheFirstManifest()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite first = await PutAsync(Manifest(repository.Id, "app", Body("v1"), artifactType: "application/first"));
        Clock.Advance(TimeSpan.FromMinutes(5));

        await PutAsync(first with { ArtifactType = "application/second", Tag = "v1" });

        StoredManifest? stored = await Store.FindManifestAsync(repository.Id, "app", first.Digest, Token);
        Assert.NotNull(stored);
        Assert.Equal("application/first", stored.ArtifactType);
        Assert.Equal(Start, stored.CreatedOn);
        Assert.Equal(first.Digest, (await Store.FindManifestByTagAsync(repository.Id, "app", "v1", Token))?.Digest);
    }

    [Fact]
    public async Task PutManifestAsync_WithTag_FindManifestByTagReturnsIt()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));

        StoredManifest? stored = await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token);

        Assert.NotNull(stored);
        Assert.Equal(manifest.Digest, stored.Digest);
        Assert.Equal(manifest.Body, stored.Body);
        Assert.Equal(MediaTypes.OciManifest, stored.MediaType);
        Assert.Equal(manifest.Body.Length, stored.Size);
        Assert.Equal(Start, stored.CreatedOn);
    }

    [Fact]
    public async Task PutManifestAsync_TagMovedToAnotherManifest_TagPointsAtTheNewOne()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite old = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        ManifestWrite moved = await PutAsync(Manifest(repository.Id, "app", Body("v2"), tag: "latest"));

        Assert.Equal(moved.Digest, (await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Digest);
        Assert.Equal(["latest"], await Store.ListTagsAsync(repository.Id, "app", null, 100, Token));
        Assert.Equal(old.Body, (await Store.FindManifestAsync(repository.Id, "app", old.Digest, Token))?.Body);
    }

    [Fact]
    public async Task PutManifestAsync_SameTagInTwoImages_TagsAreIndependent()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite app = await PutAsync(Manifest(repository.Id, "app", Body("app"), tag: "latest"));
        ManifestWrite web = await PutAsync(Manifest(repository.Id, "web", Body("web"), tag: "latest"));

        Assert.Equal(app.Digest, (await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Digest);
        Assert.Equal(web.Digest, (await Store.FindManifestByTagAsync(repository.Id, "web", "latest", Token))?.Digest);
    }

    [Fact]
    public async Task PutManifestAsync_ReferencesListedTwice_Succeeds()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");
        Digest child = Digest.Sha256Of("child"u8);

        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1"), blobs: [layer, layer], children: [child, child]));

        Assert.NotNull(await Store.FindManifestAsync(repository.Id, "app", manifest.Digest, Token));
    }

    [Fact]
    public async Task FindManifestAsync_UnknownDigest_ReturnsNull()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await PutAsync(Manifest(repository.Id, "app", Body("v1")));

        Assert.Null(await Store.FindManifestAsync(repository.Id, "app", Digest.Sha256Of(Body("v2")), Token));
    }

    [Fact]
    public async Task FindManifestAsync_OtherImageOrRepository_ReturnsNull()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repository = await RepositoryAsync(account.Id);
        RepositoryRecord other = await RepositoryAsync(account.Id, DefaultKey with { Repository = "OTHER" });
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1")));

        Assert.Null(await Store.FindManifestAsync(repository.Id, "web", manifest.Digest, Token));
        Assert.Null(await Store.FindManifestAsync(other.Id, "app", manifest.Digest, Token));
    }

    [Fact]
    public async Task FindManifestByTagAsync_UnknownTagImageOrRepository_ReturnsNull()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repository = await RepositoryAsync(account.Id);
        RepositoryRecord other = await RepositoryAsync(account.Id, DefaultKey with { Repository = "OTHER" });
        await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));

        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "app", "v1", Token));
        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "web", "latest", Token));
        Assert.Null(await Store.FindManifestByTagAsync(other.Id, "app", "latest", Token));
    }

    [Fact]
    public async Task FindManifestByTagAsync_TagInAnotherCase_ReturnsNull()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));

        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "app", "Latest", Token));
    }

    [Fact]
    public async Task ImageExistsAsync_ImageWithAManifest_ReturnsTrue()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await PutAsync(Manifest(repository.Id, "team/app", Body("v1")));

        Assert.True(await Store.ImageExistsAsync(repository.Id, "team/app", Token));
    }

    [Fact]
    public async Task ImageExistsAsync_UnknownImageOrOtherRepository_ReturnsFalse()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repository = await RepositoryAsync(account.Id);
        RepositoryRecord other = await RepositoryAsync(account.Id, DefaultKey with { Repository = "OTHER" });
        await PutAsync(Manifest(repository.Id, "team/app", Body("v1")));

        Assert.False(await Store.ImageExistsAsync(repository.Id, "team", Token));
        Assert.False(await Store.ImageExistsAsync(repository.Id, "app", Token));
        Assert.False(await Store.ImageExistsAsync(other.Id, "team/app", Token));
    }
}
