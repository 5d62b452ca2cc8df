using Floe.Core.Metadata.ControlPlane;

namespace Floe.Metadata.Tests.ControlPlane;

public abstract partial class ControlPlaneStoreContract
{
    private static SigningKeyRecord NewKey(string id, DateTimeOffset created) => new(id, "ES256", [1, 2, 3, (byte)id.Length], created, null);

    [Fact]
    public async Task ListSigningKeysAsync_EmptyStore_IsEmpty() =>
        Assert.Empty(await Store.ListSigningKeysAsync(Token));

    [Fact]
    public async Task ActivateSigningKeyAsync_FirstKey_IsTheActiveKeyWithItsMaterial()
    {
        SigningKeyRecord key = NewKey("k1", Start);

        Assert.True(await Store.ActivateSigningKeyAsync(key, null, Token));

        SigningKeyRecord stored = Assert.Single(await Store.ListSigningKeysAsync(Token));
        Assert.Equal((key.KeyId, key.Algorithm, key.CreatedOn, key.RetiredOn), (stored.KeyId, stored.Algorithm, stored.CreatedOn, stored.RetiredOn));
        Assert.Equal(key.PrivateKey, stored.PrivateKey);
    }

    [Fact]
    public async Task ActivateSigningKeyAsync_Rotation_RetiresThePreviousKeyAtTheNewKeysCreation()
    {
        await Store.ActivateSigningKeyAsync(NewKey("k1", Start), null, Token);

        Assert.True(await Store.ActivateSigningKeyAsync(NewKey("k2", Start.AddDays(30)), "k1", Token));

        IReadOnlyList<SigningKeyRecord> keys = await Store.ListSigningKeysAsync(Token);
        Assert.Equal(["k2", "k1"], keys.Select(k => k.KeyId));
        Assert.Null(keys[0].RetiredOn);
        Assert.Equal(Start.AddDays(30), keys[1].RetiredOn);
    }

    [Fact]
    public async Task ActivateSigningKeyAsync_AnotherNodeRotatedFirst_ChangesNothing()
    {
        await Store.ActivateSigningKeyAsync(NewKey("k1", Start), null, Token);
        await Store.ActivateSigningKeyAsync(NewKey("k2", Start.AddDays(1)), "k1", Token);

        Assert.False(await Store.ActivateSigningKeyAsync(NewKey("k3", Start.AddDays(1)), "k1", Token));
        Assert.False(await Store.ActivateSigningKeyAsync(NewKey("k4", Start), null, Token));

        Assert.Equal(["k2", "k1"], (await Store.ListSigningKeysAsync(Token)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task ActivateSigningKeyAsync_TakenId_IsRefusedAndKeepsTheActiveKey()
    {
        await Store.ActivateSigningKeyAsync(NewKey("k1", Start), null, Token);

        Assert.False(await Store.ActivateSigningKeyAsync(NewKey("k1", Start.AddDays(1)), "k1", Token));

        SigningKeyRecord only = Assert.Single(await Store.ListSigningKeysAsync(Token));
        Assert.True(only.IsActive);
    }

    [Fact]
    public async Task DeleteSigningKeysRetiredBeforeAsync_DeletesOnlyKeysRetiredBeforeTheCutoff()
    {
        await Store.ActivateSigningKeyAsync(NewKey("k1", Start), null, Token);
        await Store.ActivateSigningKeyAsync(NewKey("k2", Start.AddDays(1)), "k1", Token);
        await Store.ActivateSigningKeyAsync(NewKey("k3", Start.AddDays(2)), "k2", Token);

        Assert.Equal(1, await Store.DeleteSigningKeysRetiredBeforeAsync(Start.AddDays(2), Token));

        Assert.Equal(["k3", "k2"], (await Store.ListSigningKeysAsync(Token)).Select(k => k.KeyId));
    }
}
