namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// A key that signs registry tokens. Keys belong to the deployment, not to an
/// account: every node reads them from the metadata store so a token signed on one node verifies on
/// every other. <see cref="PrivateKey"/> is the PKCS#8 encoding of the private key.
/// </summary>
/// <param name="KeyId">The JWT <c>kid</c>: unique, never reused.</param>
/// <param name="Algorithm">The JWS algorithm, for example <c>ES256</c>.</param>
/// <param name="RetiredOn">When a newer key took over signing; <c>null</c> for the active key.</param>
public sealed record SigningKeyRecord(string KeyId, string Algorithm, byte[] PrivateKey, DateTimeOffset CreatedOn, DateTimeOffset? RetiredOn)
{
    public bool IsActive => RetiredOn is null;
}

/// <summary>The registry-token signing keys. At most one key is active (not retired) at a time.</summary>
public interface ISigningKeyStore
{
    /// <summary>Every stored key, newest first.</summary>
    ValueTask<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="key"/> the active key in one transaction, retiring the active key at the
    /// new key's creation time — only when the active key is still <paramref name="expectedActiveKeyId"/>
    /// (<c>null</c>: there is no active key). <c>false</c> when another node rotated first or the id is taken;
    /// the caller then reads the keys again.
    /// </summary>
    ValueTask<bool> ActivateSigningKeyAsync(SigningKeyRecord key, string? expectedActiveKeyId, CancellationToken cancellationToken);

    /// <summary>Deletes the keys retired before <paramref name="cutoff"/>; answers how many went.</summary>
    ValueTask<int> DeleteSigningKeysRetiredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
