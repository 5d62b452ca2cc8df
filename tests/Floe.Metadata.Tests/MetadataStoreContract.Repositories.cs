using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task CreateRepositoryAsync_NewKey_ReturnsRecordWithEveryField()
    {
        AccountRecord account = await AccountAsync();

        RepositoryRecord? created = await Store.CreateRepositoryAsync(
            new NewRepository(account.Id, DefaultKey, "SYSADMIN", "images of the app", "SNOWFLAKE_FULL"), Token);

        Assert.NotNull(created);
        Assert.Equal(new RepositoryRecord(created.Id, account.Id, DefaultKey, Start, "SYSADMIN", "images of the app", "SNOWFLAKE_FULL"), created);
    }

    [Fact]
    public async Task CreateRepositoryAsync_NullOwnerAndComment_StoresNulls()
    {
        AccountRecord account = await AccountAsync();

        RepositoryRecord? created = await Store.CreateRepositoryAsync(new NewRepository(account.Id, DefaultKey, null, null), Token);

        Assert.NotNull(created);
        Assert.Null(created.OwnerRole);
        Assert.Null(created.Comment);
        Assert.Equal("SNOWFLAKE_SSE", created.Encryption);
    }

    [Fact]
    public async Task CreateRepositoryAsync_DuplicateKey_ReturnsNullAndKeepsTheFirst()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord first = await RepositoryAsync(account.Id);

        RepositoryRecord? duplicate = await Store.CreateRepositoryAsync(new NewRepository(account.Id, DefaultKey, "OTHER_ROLE", "second"), Token);

        Assert.Null(duplicate);
        Assert.Equal(first, await Store.FindRepositoryAsync(account.Id, DefaultKey, Token));
    }

    [Fact]
    public async Task CreateRepositoryAsync_SameNameInAnotherSchema_CreatesASecondRepository()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord first = await RepositoryAsync(account.Id);

        RepositoryRecord second = await RepositoryAsync(account.Id, DefaultKey with { Schema = "OTHER" });

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task FindRepositoryAsync_ExactKey_ReturnsTheRepository()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord created = await RepositoryAsync(account.Id);

        Assert.Equal(created, await Store.FindRepositoryAsync(account.Id, new RepositoryKey("DB", "PUBLIC", "REPO"), Token));
    }

    [Fact]
    public async Task FindRepositoryAsync_KeyDifferingInOneComponentOrInCase_ReturnsNull()
    {
        AccountRecord account = await AccountAsync();
        await RepositoryAsync(account.Id);

        Assert.Null(await Store.FindRepositoryAsync(account.Id, DefaultKey with { Database = "DB2" }, Token));
        Assert.Null(await Store.FindRepositoryAsync(account.Id, DefaultKey with { Schema = "OTHER" }, Token));
        Assert.Null(await Store.FindRepositoryAsync(account.Id, DefaultKey with { Repository = "REPO2" }, Token));
        Assert.Null(await Store.FindRepositoryAsync(account.Id, new RepositoryKey("db", "public", "repo"), Token));
    }

    [Fact]
    public async Task ListRepositoriesAsync_SeveralRepositories_OrdersByDatabaseThenSchemaThenName()
    {
        AccountRecord account = await AccountAsync();
        RepositoryKey[] created =
        [
            new("DB_B", "PUBLIC", "A"),
            new("DB_A", "S2", "A"),
            new("DB_A", "S1", "Z"),
            new("DB_A", "S1", "B"),
        ];
        foreach (RepositoryKey key in created)
        {
            await RepositoryAsync(account.Id, key);
        }

        IReadOnlyList<RepositoryRecord> listed = await Store.ListRepositoriesAsync(account.Id, Token);

        Assert.Equal(
            [new("DB_A", "S1", "B"), new("DB_A", "S1", "Z"), new("DB_A", "S2", "A"), new RepositoryKey("DB_B", "PUBLIC", "A")],
            listed.Select(r => r.Key));
    }

    [Fact]
    public async Task ListRepositoriesAsync_NoRepositories_ReturnsEmpty()
    {
        AccountRecord account = await AccountAsync();

        Assert.Empty(await Store.ListRepositoriesAsync(account.Id, Token));
    }

    [Fact]
    public async Task DropRepositoryAsync_WithContent_RemovesManifestsTagsLinksAndUploads()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest layer = BlobDigest("layer");
        ManifestWrite subject = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "v1", blobs: [layer]));
        await PutAsync(Manifest(repository.Id, "app", Body("sig"), subject: subject.Digest, artifactType: "application/signature"));
        await Store.LinkBlobAsync(repository.Id, layer, 42, Token);
        await Store.CreateUploadAsync(Upload("upload-1", repository.Id, Start), Token);

        Assert.True(await Store.DropRepositoryAsync(repository.Id, Token));

        Assert.Null(await Store.FindRepositoryAsync(repository.AccountId, DefaultKey, Token));
        Assert.Null(await Store.FindManifestAsync(repository.Id, "app", subject.Digest, Token));
        Assert.Null(await Store.FindManifestByTagAsync(repository.Id, "app", "v1", Token));
        Assert.Empty(await Store.ListTagsAsync(repository.Id, "app", null, 100, Token));
        Assert.False(await Store.ImageExistsAsync(repository.Id, "app", Token));
        Assert.Empty(await Store.ListReferrersAsync(repository.Id, "app", subject.Digest, null, Token));
        Assert.Empty(await Store.ListTaggedImagesAsync(repository.Id, Token));
        Assert.Empty(await Store.ListImageNamesAsync(repository.AccountId, null, 100, Token));
        Assert.Null(await Store.FindBlobLinkAsync(repository.Id, layer, Token));
        Assert.Empty(await Store.FindRepositoriesLinkingAsync(repository.AccountId, layer, Token));
        Assert.Null(await Store.FindUploadAsync("upload-1", Token));
        Assert.Empty(await Store.ListIdleUploadsAsync(Start.AddDays(1), Token));
    }

    [Fact]
    public async Task DropRepositoryAsync_SecondDrop_ReturnsFalse()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.DropRepositoryAsync(repository.Id, Token);

        Assert.False(await Store.DropRepositoryAsync(repository.Id, Token));
    }

    [Fact]
    public async Task DropRepositoryAsync_UnknownId_ReturnsFalse()
    {
        Assert.False(await Store.DropRepositoryAsync(987_654, Token));
    }

    [Fact]
    public async Task DropRepositoryAsync_OtherRepositoryOfTheAccount_IsUntouched()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord dropped = await RepositoryAsync(account.Id);
        RepositoryRecord kept = await RepositoryAsync(account.Id, DefaultKey with { Repository = "KEPT" });
        ManifestWrite manifest = Manifest(kept.Id, "app", Body("kept"), tag: "v1");
        await PutAsync(manifest);
        await PutAsync(Manifest(dropped.Id, "app", Body("kept"), tag: "v1"));
        await Store.LinkBlobAsync(kept.Id, BlobDigest("layer"), 7, Token);
        await Store.LinkBlobAsync(dropped.Id, BlobDigest("layer"), 7, Token);

        await Store.DropRepositoryAsync(dropped.Id, Token);

        Assert.Equal(manifest.Body, (await Store.FindManifestByTagAsync(kept.Id, "app", "v1", Token))?.Body);
        Assert.Equal(7, await Store.FindBlobLinkAsync(kept.Id, BlobDigest("layer"), Token));
        Assert.Equal([kept], await Store.ListRepositoriesAsync(account.Id, Token));
        Assert.Equal(["db/public/kept/app"], await Store.ListImageNamesAsync(account.Id, null, 100, Token));
    }

    [Fact]
    public async Task DropRepositoryAsync_ThenCreateTheSameKey_NewRepositoryIsEmpty()
    {
        RepositoryRecord dropped = await DefaultRepositoryAsync();
        await PutAsync(Manifest(dropped.Id, "app", Body("old"), tag: "latest"));
        await Store.DropRepositoryAsync(dropped.Id, Token);

        RepositoryRecord recreated = await RepositoryAsync(dropped.AccountId);

        Assert.NotEqual(dropped.Id, recreated.Id);
        Assert.Null(await Store.FindManifestByTagAsync(recreated.Id, "app", "latest", Token));
        Assert.Empty(await Store.ListImageNamesAsync(recreated.AccountId, null, 100, Token));
    }
}
