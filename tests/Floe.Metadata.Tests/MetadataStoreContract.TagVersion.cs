using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;

namespace Floe.Metadata.Tests;

/// <summary>
/// The tag version moves with every commit that changes what a tag resolves to, so a node that keeps
/// manifests found by tag never serves one past such a change — and stands still for reads, untagged
/// pushes and history, so pulls keep what they found while nothing is retagged. A store that keeps no
/// version says so with <c>null</c>, always.
/// </summary>
public abstract partial class MetadataStoreContract
{
    /// <summary>Whether this backend keeps a tag version (SQLite does; PostgreSQL does not).</summary>
    protected abstract bool KeepsTagVersion { get; }

    public enum TagChange
    {
        NewTag,
        TagMoved,
        TagPushedAgain,
        RepositoryDropped,
        AccountDropped,
    }

    [Theory]
    [InlineData(TagChange.NewTag)]
    [InlineData(TagChange.TagMoved)]
    [InlineData(TagChange.TagPushedAgain)]
    [InlineData(TagChange.RepositoryDropped)]
    [InlineData(TagChange.AccountDropped)]
    public async Task ReadTagVersionAsync_AfterTagChange_HasMovedOrIsNull(TagChange change)
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repository = await RepositoryAsync(account.Id);
        ManifestWrite first = await PutAsync(Manifest(repository.Id, "app", Body("first"), tag: "latest"));
        await PutAsync(Manifest(repository.Id, "app", Body("second")));
        long? before = await Store.ReadTagVersionAsync(Token);

        switch (change)
        {
            case TagChange.NewTag:
                await PutAsync(Manifest(repository.Id, "app", Body("first"), tag: "v1"));
                break;
            case TagChange.TagMoved:
                await PutAsync(Manifest(repository.Id, "app", Body("second"), tag: "latest"));
                break;
            case TagChange.TagPushedAgain:
                await PutAsync(first);
                break;
            case TagChange.RepositoryDropped:
                Assert.True(await Store.DropRepositoryAsync(repository.Id, Token));
                break;
            case TagChange.AccountDropped:
                Assert.Equal(DropStatus.Dropped, await Store.DropAccountAsync(account.Id, Token));
                break;
        }

        long? after = await Store.ReadTagVersionAsync(Token);
        Assert.Equal(KeepsTagVersion, before is not null);
        Assert.Equal(KeepsTagVersion, after is not null);
        if (KeepsTagVersion)
        {
            Assert.True(after > before, $"{change}: the tag version stayed at {before}");
        }
    }

    [Fact]
    public async Task ReadTagVersionAsync_ReadsUntaggedPushesAndHistory_StandStill()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repository = await RepositoryAsync(account.Id);
        ManifestWrite tagged = await PutAsync(Manifest(repository.Id, "app", Body("tagged"), tag: "latest"));
        long? before = await Store.ReadTagVersionAsync(Token);

        Assert.Equal(tagged.Digest, (await Store.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Digest);
        Assert.Equal(["latest"], await Store.ListTagsAsync(repository.Id, "app", null, 100, Token));
        await PutAsync(Manifest(repository.Id, "app", Body("untagged")));
        await PutAsync(Manifest(repository.Id, "other", Body("untagged in a new image")));
        await Store.AppendHistoryAsync(new HistoryBatch([], [], [
            new RegistryEvent(account.Id, Start, "ADMIN", null, "pull", "DB.PUBLIC.REPO", "app", "latest", tagged.Digest.ToString(), "10.0.0.2")]), Token);

        Assert.Equal(before, await Store.ReadTagVersionAsync(Token));
        Assert.Equal(KeepsTagVersion, before is not null);
    }
}
