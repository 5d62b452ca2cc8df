using System.Text;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;

namespace Floe.Metadata.Tests;

/// <summary>
/// What every <see cref="IMetadataStore"/> backend must do. A backend's test class derives from
/// this, supplies a fresh empty store from <see cref="CreateStore"/>, and inherits every test.
/// Each test gets its own store, already migrated, and a manual clock set to <see cref="Start"/>.
/// </summary>
public abstract partial class MetadataStoreContract : StoreTestBase
{
    protected static readonly RepositoryKey DefaultKey = new("DB", "PUBLIC", "REPO");

    /// <summary>A provisioned account: system roles (so SYSADMIN can own repositories) and an admin user.</summary>
    protected async Task<AccountRecord> AccountAsync(string name = "ACME") =>
        (await Store.EnsureAccountAsync(new NewAccount(name, "ADMIN", "pbkdf2-sha256$1$c2FsdA==$aGFzaA=="), Token)).Account;

    protected async Task<RepositoryRecord> RepositoryAsync(long accountId, RepositoryKey? key = null) =>
        await Store.CreateRepositoryAsync(new NewRepository(accountId, key ?? DefaultKey, "SYSADMIN", null), Token)
        ?? throw new InvalidOperationException("The repository already exists.");

    /// <summary>A repository <see cref="DefaultKey"/> in a new account <c>ACME</c>.</summary>
    protected async Task<RepositoryRecord> DefaultRepositoryAsync() => await RepositoryAsync((await AccountAsync()).Id);

    /// <summary>A manifest body that differs per <paramref name="marker"/>, so its digest does too.</summary>
    protected static byte[] Body(string marker) =>
        Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","marker":"{{marker}}"}""");

    protected static Digest BlobDigest(string marker) => Digest.Sha256Of(Encoding.UTF8.GetBytes("blob " + marker));

    protected static ManifestWrite Manifest(
        long repositoryId,
        string image,
        byte[] body,
        string? tag = null,
        Digest? subject = null,
        string? artifactType = null,
        string? annotationsJson = null,
        IReadOnlyList<Digest>? blobs = null,
        IReadOnlyList<Digest>? children = null) =>
        new(repositoryId, image, Digest.Sha256Of(body), MediaTypes.OciManifest, artifactType, subject, body,
            annotationsJson, tag, blobs ?? [], children ?? []);

    protected async Task<ManifestWrite> PutAsync(ManifestWrite manifest)
    {
        await Store.PutManifestAsync(manifest, Token);
        return manifest;
    }

    protected static UploadRecord Upload(string id, long repositoryId, DateTimeOffset updatedOn) =>
        new(id, repositoryId, "app", "ADMIN", Start, updatedOn);
}
