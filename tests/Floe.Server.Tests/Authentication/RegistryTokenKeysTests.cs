using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite;
using Floe.Server.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Floe.Server.Tests.Authentication;

/// <summary>The registry-token signing keys: generated once, shared by every node, rotated, and retired keys kept while they matter.</summary>
public sealed class RegistryTokenKeysTests : IAsyncLifetime
{
    private static readonly TokenOptions Options = new()
    {
        SigningKeyLifetime = TimeSpan.FromDays(30),
        RegistryTokenLifetime = TimeSpan.FromMinutes(5),
        SigningKeyRefreshInterval = TimeSpan.FromMinutes(1),
    };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-keys-");
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
    public async Task CurrentAsync_FirstStart_GeneratesOneES256Key()
    {
        using RegistryTokenKeys keys = new(Store, _clock, Options);

        RegistryKeySet set = await keys.CurrentAsync(CancellationToken.None);

        SigningKeyRecord stored = Assert.Single(await Store.ListSigningKeysAsync(CancellationToken.None));
        Assert.Equal((stored.KeyId, "ES256"), (set.Signing.KeyId, stored.Algorithm));
        Assert.Single(set.Verifying);
    }

    [Fact]
    public async Task ReloadForUnknownKeyAsync_AnotherNodeRotated_ReadsTheNewKeyAtOnce()
    {
        using RegistryTokenKeys node = new(Store, _clock, Options);
        using RegistryTokenKeys rotating = new(Store, _clock, Options with { SigningKeyLifetime = TimeSpan.FromSeconds(10) });
        RegistryKeySet seen = await node.CurrentAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        string rotated = (await rotating.CurrentAsync(CancellationToken.None)).Signing.KeyId;

        RegistryKeySet? reloaded = await node.ReloadForUnknownKeyAsync(seen, CancellationToken.None);

        Assert.NotEqual(seen.Signing.KeyId, rotated);
        Assert.Contains(reloaded!.Verifying, key => key.KeyId == rotated);
    }

    [Fact]
    public async Task ReloadForUnknownKeyAsync_AgainWithinAHundredMilliseconds_DoesNotReadTheStore()
    {
        using RegistryTokenKeys node = new(Store, _clock, Options);
        RegistryKeySet seen = await node.CurrentAsync(CancellationToken.None);
        RegistryKeySet first = (await node.ReloadForUnknownKeyAsync(seen, CancellationToken.None))!;
        _clock.Advance(TimeSpan.FromMilliseconds(99));

        RegistryKeySet? tooSoon = await node.ReloadForUnknownKeyAsync(first, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        RegistryKeySet? later = await node.ReloadForUnknownKeyAsync(first, CancellationToken.None);

        Assert.Null(tooSoon);
        Assert.NotNull(later);
        Assert.NotSame(first, later);
    }

    [Fact]
    public async Task CurrentAsync_TwoNodes_SignWithTheSameKey()
    {
        using RegistryTokenKeys first = new(Store, _clock, Options);
        using RegistryTokenKeys second = new(Store, _clock, Options);

        string a = (await first.CurrentAsync(CancellationToken.None)).Signing.KeyId;
        string b = (await second.CurrentAsync(CancellationToken.None)).Signing.KeyId;

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task CurrentAsync_ActiveKeyOlderThanItsLifetime_RotatesAndTheOldKeyVerifiesUntilItsTokensExpire()
    {
        using RegistryTokenKeys keys = new(Store, _clock, Options);
        string old = (await keys.CurrentAsync(CancellationToken.None)).Signing.KeyId;

        _clock.Advance(Options.SigningKeyLifetime);
        RegistryKeySet rotated = await keys.CurrentAsync(CancellationToken.None);

        Assert.NotEqual(old, rotated.Signing.KeyId);
        Assert.Equal([rotated.Signing.KeyId, old], rotated.Verifying.Select(k => k.KeyId));

        _clock.Advance(Options.RegistryTokenLifetime + RegistryTokenKeys.ClockSkew);
        RegistryKeySet later = await keys.CurrentAsync(CancellationToken.None);

        Assert.Equal([rotated.Signing.KeyId], later.Verifying.Select(k => k.KeyId));
    }

    [Fact]
    public async Task CurrentAsync_AnotherNodeRotated_IsSeenAfterTheRefreshInterval()
    {
        using RegistryTokenKeys node = new(Store, _clock, Options);
        string old = (await node.CurrentAsync(CancellationToken.None)).Signing.KeyId;
        await Store.ActivateSigningKeyAsync(
            new SigningKeyRecord("rotated-elsewhere", "ES256", NewPkcs8(), _clock.GetUtcNow(), null), old, CancellationToken.None);

        Assert.Equal(old, (await node.CurrentAsync(CancellationToken.None)).Signing.KeyId);
        _clock.Advance(Options.SigningKeyRefreshInterval);

        Assert.Equal("rotated-elsewhere", (await node.CurrentAsync(CancellationToken.None)).Signing.KeyId);
    }

    private static byte[] NewPkcs8()
    {
        using System.Security.Cryptography.ECDsa key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKey();
    }
}
