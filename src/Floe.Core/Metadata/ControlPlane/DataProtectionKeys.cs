namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// One element of the web console's data-protection key ring (a key or a revocation), as ASP.NET Core
/// writes it. The ring belongs to the deployment, not to an account: the console's anti-forgery tokens and
/// sign-in cookies are made before anyone has signed in to an account, and every node must read what any
/// node wrote. <see cref="Xml"/> holds the key material unencrypted, like
/// <see cref="SigningKeyRecord.PrivateKey"/> next to it in the same store.
/// </summary>
/// <param name="FriendlyName">The element's name as ASP.NET Core gives it (<c>key-{guid}</c>): unique, never reused.</param>
/// <param name="Xml">The element's XML text.</param>
public sealed record DataProtectionKeyRecord(string FriendlyName, string Xml, DateTimeOffset CreatedOn);

/// <summary>The web console's data-protection key ring, shared by every node of the deployment.</summary>
public interface IDataProtectionKeyStore
{
    /// <summary>Every stored element, oldest first.</summary>
    ValueTask<IReadOnlyList<DataProtectionKeyRecord>> ListDataProtectionKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the element unless one with its friendly name is already stored (then the stored one stays):
    /// two nodes writing the same element is not an error. <c>false</c> when the name was taken.
    /// </summary>
    ValueTask<bool> AddDataProtectionKeyAsync(DataProtectionKeyRecord key, CancellationToken cancellationToken);
}
