using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    private static DataProtectionKeyRecord NewRingElement(string name, DateTimeOffset created) =>
        new(name, $"<key id=\"{name}\" version=\"1\"><creationDate>{created:O}</creationDate></key>", created);

    [Fact]
    public async Task ListDataProtectionKeysAsync_EmptyStore_IsEmpty() =>
        Assert.Empty(await Store.ListDataProtectionKeysAsync(Token));

    [Fact]
    public async Task AddDataProtectionKeyAsync_NewName_IsListedWithItsXmlAndCreationTime()
    {
        DataProtectionKeyRecord key = NewRingElement("key-6f0d3c1e-8f57-4c8e-9d7c-0b1f5c4a2e11", Start);

        Assert.True(await Store.AddDataProtectionKeyAsync(key, Token));

        Assert.Equal(key, Assert.Single(await Store.ListDataProtectionKeysAsync(Token)));
    }

    [Fact]
    public async Task AddDataProtectionKeyAsync_NameAlreadyStored_KeepsTheFirstAndAnswersFalse()
    {
        DataProtectionKeyRecord first = NewRingElement("key-1", Start);
        await Store.AddDataProtectionKeyAsync(first, Token);

        Assert.False(await Store.AddDataProtectionKeyAsync(first with { Xml = "<key id=\"other\" />", CreatedOn = Start.AddMinutes(1) }, Token));

        Assert.Equal(first, Assert.Single(await Store.ListDataProtectionKeysAsync(Token)));
    }

    [Fact]
    public async Task ListDataProtectionKeysAsync_SeveralElements_OldestFirst()
    {
        await Store.AddDataProtectionKeyAsync(NewRingElement("key-b", Start.AddDays(90)), Token);
        await Store.AddDataProtectionKeyAsync(NewRingElement("revocation-a", Start.AddDays(91)), Token);
        await Store.AddDataProtectionKeyAsync(NewRingElement("key-c", Start), Token);

        Assert.Equal(["key-c", "key-b", "revocation-a"], (await Store.ListDataProtectionKeysAsync(Token)).Select(key => key.FriendlyName));
    }
}
