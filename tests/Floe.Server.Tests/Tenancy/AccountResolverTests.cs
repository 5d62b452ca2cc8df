using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Floe.Server.Tests.Tenancy;

/// <summary>The account cache of a node: a change committed by another node holds here within one second.</summary>
public sealed class AccountResolverTests : IAsyncLifetime
{
    private static readonly HostString OtherHost = new("local-other.registry.localhost:5000");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-accounts-");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private SqliteMetadataStore? _store;

    private SqliteMetadataStore Store => _store!;

    public async Task InitializeAsync()
    {
        _store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "m.db") }, _clock);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ResolveAsync_AccountDroppedByAnotherNode_UnknownHereWithinOneSecond()
    {
        AccountResolver thisNode = new(Store, new TenancyOptions(), _clock);
        AccountRecord account = await Store.EnsureAccountAsync("OTHER", CancellationToken.None);
        Assert.Equal(account.Id, (await thisNode.ResolveAsync(OtherHost, CancellationToken.None))?.Id);

        // Another node drops it: this node's resolver is not told.
        Assert.Equal(DropStatus.Dropped, await Store.DropAccountAsync(account.Id, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await thisNode.ResolveAsync(OtherHost, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_AccountDroppedAndCreatedAgainByAnotherNode_NewAccountHereWithinOneSecond()
    {
        AccountResolver thisNode = new(Store, new TenancyOptions(), _clock);
        AccountRecord old = await Store.EnsureAccountAsync("OTHER", CancellationToken.None);
        await thisNode.ResolveAsync(OtherHost, CancellationToken.None);

        await Store.DropAccountAsync(old.Id, CancellationToken.None);
        AccountRecord created = await Store.EnsureAccountAsync("OTHER", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.NotEqual(old.Id, created.Id);
        Assert.Equal(created.Id, (await thisNode.ResolveAsync(OtherHost, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task ResolveAsync_DroppedOnThisNode_UnknownAtOnce()
    {
        AccountResolver thisNode = new(Store, new TenancyOptions(), _clock);
        AccountRecord account = await Store.EnsureAccountAsync("OTHER", CancellationToken.None);
        await thisNode.ResolveAsync(OtherHost, CancellationToken.None);

        await Store.DropAccountAsync(account.Id, CancellationToken.None);
        thisNode.Forget("OTHER");

        Assert.Null(await thisNode.ResolveAsync(OtherHost, CancellationToken.None));
    }
}
