using System.Collections.Concurrent;
using System.Security.Cryptography;
using Floe.Core.Metadata.ControlPlane;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>The keys in force: the one that signs, and every one that still verifies (the signing key first).</summary>
internal sealed record RegistryKeySet(ECDsaSecurityKey Signing, DateTimeOffset SigningCreatedOn, IReadOnlyList<SecurityKey> Verifying, DateTimeOffset LoadedOn);

/// <summary>
/// The ES256 keys that sign registry tokens. They live in the metadata store so every
/// node signs and verifies with the same keys: the first node to start generates the first key, and
/// each node reads the keys again every <see cref="TokenOptions.SigningKeyRefreshInterval"/>. When
/// the active key is older than <see cref="TokenOptions.SigningKeyLifetime"/> a node replaces it;
/// a retired key still verifies until every token it signed has expired, and is deleted later.
/// A token signed by a key this node has not read yet (another node just rotated) makes it read the
/// keys at once (<see cref="ReloadForUnknownKeyAsync"/>), so the new key verifies everywhere at once.
/// </summary>
internal sealed class RegistryTokenKeys(ISigningKeyStore store, TimeProvider time, TokenOptions options) : IDisposable
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>Clock difference allowed between nodes when checking a token's times.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int MaxRotationAttempts = 3;

    /// <summary>
    /// The least time between two reads forced by unknown key ids: tokens with made-up <c>kid</c>s
    /// cost the database at most ten reads a second, whoever sends them.
    /// </summary>
    private static readonly TimeSpan UnknownKeyReloadInterval = TimeSpan.FromMilliseconds(100);

    private DateTimeOffset _lastForcedLoad = DateTimeOffset.MinValue;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, ECDsaSecurityKey> _loaded = new(StringComparer.Ordinal);
    private RegistryKeySet? _current;

    /// <summary>The keys in force now, read again from the store when stale or due for rotation.</summary>
    public async ValueTask<RegistryKeySet> CurrentAsync(CancellationToken cancellationToken)
    {
        RegistryKeySet? set = Volatile.Read(ref _current);
        if (set is not null && IsFresh(set, time.GetUtcNow()))
        {
            return set;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            set = Volatile.Read(ref _current);
            if (set is null || !IsFresh(set, time.GetUtcNow()))
            {
                set = await LoadAsync(cancellationToken);
                Volatile.Write(ref _current, set);
            }

            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads the keys again because a token names a key that <paramref name="seen"/> does not hold:
    /// another node may have rotated since this one last read them. Returns the keys read (or read
    /// meanwhile by another request), or <c>null</c> when a forced read happened less than
    /// <see cref="UnknownKeyReloadInterval"/> ago.
    /// </summary>
    public async ValueTask<RegistryKeySet?> ReloadForUnknownKeyAsync(RegistryKeySet seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            RegistryKeySet? set = Volatile.Read(ref _current);
            if (set is not null && !ReferenceEquals(set, seen))
            {
                return set;
            }

            DateTimeOffset now = time.GetUtcNow();
            if (now - _lastForcedLoad < UnknownKeyReloadInterval)
            {
                return null;
            }

            _lastForcedLoad = now;
            set = await LoadAsync(cancellationToken);
            Volatile.Write(ref _current, set);
            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(RegistryKeySet set, DateTimeOffset now) =>
        now - set.LoadedOn < options.SigningKeyRefreshInterval && now - set.SigningCreatedOn < options.SigningKeyLifetime;

    /// <summary>Reads the keys, generating (or rotating to) a new active key when none is young enough.</summary>
    private async Task<RegistryKeySet> LoadAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxRotationAttempts; attempt++)
        {
            DateTimeOffset now = time.GetUtcNow();
            IReadOnlyList<SigningKeyRecord> records = await store.ListSigningKeysAsync(cancellationToken);
            SigningKeyRecord? active = records.FirstOrDefault(r => r.IsActive);
            if (active is not null && now - active.CreatedOn < options.SigningKeyLifetime)
            {
                return Build(records, active, now);
            }

            // Another node may rotate at the same moment: only one activation wins, and everyone reads again.
            await store.ActivateSigningKeyAsync(NewKey(now), active?.KeyId, cancellationToken);
            await store.DeleteSigningKeysRetiredBeforeAsync(now - VerificationWindow - options.SigningKeyLifetime, cancellationToken);
        }

        throw new InvalidOperationException("No active registry-token signing key could be stored.");
    }

    /// <summary>How long after its retirement a key still verifies: the longest a token it signed can live.</summary>
    private TimeSpan VerificationWindow => options.RegistryTokenLifetime + ClockSkew;

    private RegistryKeySet Build(IReadOnlyList<SigningKeyRecord> records, SigningKeyRecord active, DateTimeOffset now)
    {
        List<SecurityKey> verifying = [Load(active)];
        verifying.AddRange(records
            .Where(r => r.RetiredOn is { } retired && retired + VerificationWindow > now && r.Algorithm == Algorithm)
            .Select(Load));
        return new RegistryKeySet(Load(active), active.CreatedOn, verifying, now);
    }

    private ECDsaSecurityKey Load(SigningKeyRecord record) => _loaded.GetOrAdd(record.KeyId, static (id, pkcs8) =>
    {
        ECDsa ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = id };
    }, record.PrivateKey);

    private static SigningKeyRecord NewKey(DateTimeOffset now)
    {
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKeyRecord(Guid.NewGuid().ToString("N"), Algorithm, ecdsa.ExportPkcs8PrivateKey(), now, null);
    }
}
