using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task CreateUploadAsync_ThenFindUpload_ReturnsTheRecord()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        UploadRecord upload = new("3f0c9a", repository.Id, "team/app", "ADMIN", Start, Start.AddSeconds(3));

        await Store.CreateUploadAsync(upload, Token);

        Assert.Equal(upload, await Store.FindUploadAsync("3f0c9a", Token));
    }

    [Fact]
    public async Task CreateUploadAsync_NoPrincipal_StoresNull()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        UploadRecord upload = new("anonymous", repository.Id, "app", null, Start, Start);

        await Store.CreateUploadAsync(upload, Token);

        Assert.Equal(upload, await Store.FindUploadAsync("anonymous", Token));
    }

    [Fact]
    public async Task FindUploadAsync_UnknownId_ReturnsNull()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.CreateUploadAsync(Upload("known", repository.Id, Start), Token);

        Assert.Null(await Store.FindUploadAsync("unknown", Token));
    }

    [Fact]
    public async Task TouchUploadAsync_KnownUpload_ChangesOnlyUpdatedOn()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        UploadRecord upload = Upload("u1", repository.Id, Start);
        await Store.CreateUploadAsync(upload, Token);

        await Store.TouchUploadAsync("u1", Start.AddMinutes(7), Token);

        Assert.Equal(upload with { UpdatedOn = Start.AddMinutes(7) }, await Store.FindUploadAsync("u1", Token));
    }

    [Fact]
    public async Task DeleteUploadAsync_KnownUpload_RemovesOnlyThatUpload()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.CreateUploadAsync(Upload("u1", repository.Id, Start), Token);
        await Store.CreateUploadAsync(Upload("u2", repository.Id, Start), Token);

        await Store.DeleteUploadAsync("u1", Token);

        Assert.Null(await Store.FindUploadAsync("u1", Token));
        Assert.Equal(Upload("u2", repository.Id, Start), await Store.FindUploadAsync("u2", Token));
    }

    [Fact]
    public async Task DeleteUploadAsync_UnknownId_DoesNothing()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.CreateUploadAsync(Upload("u1", repository.Id, Start), Token);

        await Store.DeleteUploadAsync("unknown", Token);

        Assert.NotNull(await Store.FindUploadAsync("u1", Token));
    }

    [Fact]
    public async Task ListIdleUploadsAsync_Cutoff_ReturnsOnlyUploadsLastActiveBeforeIt()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        DateTimeOffset cutoff = Start.AddHours(24);
        await Store.CreateUploadAsync(Upload("old", repository.Id, Start), Token);
        await Store.CreateUploadAsync(Upload("just-before", repository.Id, cutoff.AddMilliseconds(-1)), Token);
        await Store.CreateUploadAsync(Upload("at-cutoff", repository.Id, cutoff), Token);
        await Store.CreateUploadAsync(Upload("touched", repository.Id, Start), Token);
        await Store.TouchUploadAsync("touched", cutoff.AddMinutes(1), Token);

        IReadOnlyList<UploadRecord> idle = await Store.ListIdleUploadsAsync(cutoff, Token);

        Assert.Equal(["just-before", "old"], idle.Select(u => u.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CountUploadsAsync_CountsOpenUploadsUntilDeleted()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Assert.Equal(0, await Store.CountUploadsAsync(Token));
        await Store.CreateUploadAsync(Upload("a", repository.Id, Start), Token);
        await Store.CreateUploadAsync(Upload("b", repository.Id, Start), Token);
        Assert.Equal(2, await Store.CountUploadsAsync(Token));

        await Store.DeleteUploadAsync("a", Token);

        Assert.Equal(1, await Store.CountUploadsAsync(Token));
    }
}
