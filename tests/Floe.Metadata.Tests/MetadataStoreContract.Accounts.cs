using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task EnsureAccountAsync_NewName_CreatesAccountStampedWithTheClock()
    {
        AccountRecord account = await Store.EnsureAccountAsync("ACME", Token);

        Assert.Equal("ACME", account.Name);
        Assert.Equal(Start, account.CreatedOn);
        Assert.Equal(TimeSpan.Zero, account.CreatedOn.Offset);
    }

    [Fact]
    public async Task EnsureAccountAsync_ExistingName_ReturnsTheSameAccount()
    {
        AccountRecord first = await Store.EnsureAccountAsync("ACME", Token);
        Clock.Advance(TimeSpan.FromHours(1));

        AccountRecord second = await Store.EnsureAccountAsync("ACME", Token);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task EnsureAccountAsync_TwoNames_CreatesTwoAccounts()
    {
        AccountRecord acme = await Store.EnsureAccountAsync("ACME", Token);
        AccountRecord other = await Store.EnsureAccountAsync("OTHER", Token);

        Assert.NotEqual(acme.Id, other.Id);
        Assert.Equal("OTHER", other.Name);
    }

    [Fact]
    public async Task FindAccountAsync_AfterEnsure_ReturnsTheAccount()
    {
        AccountRecord ensured = await Store.EnsureAccountAsync("ACME", Token);

        Assert.Equal(ensured, await Store.FindAccountAsync("ACME", Token));
    }

    [Fact]
    public async Task FindAccountAsync_UnknownOrDifferentlyCasedName_ReturnsNull()
    {
        await Store.EnsureAccountAsync("ACME", Token);

        Assert.Null(await Store.FindAccountAsync("OTHER", Token));
        Assert.Null(await Store.FindAccountAsync("acme", Token));
    }
}
