using Floe.Core.Content;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;
using Floe.Core.Naming;

namespace Floe.Core.Metadata;

/// <summary>Accounts (tenants). Every other record hangs off one.</summary>
public interface IAccountStore
{
    ValueTask<AccountRecord?> FindAccountAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the account, creating it bare (no roles, no users) when it does not exist. The server
    /// uses <see cref="IAccountCatalog.EnsureAccountAsync"/>, which provisions; this is for fixtures.
    /// </summary>
    ValueTask<AccountRecord> EnsureAccountAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Image repositories within an account.</summary>
public interface IRepositoryStore
{
    /// <summary>Creates the repository; <c>null</c> when one with that key already exists.</summary>
    ValueTask<RepositoryRecord?> CreateRepositoryAsync(NewRepository repository, CancellationToken cancellationToken);

    ValueTask<RepositoryRecord?> FindRepositoryAsync(long accountId, RepositoryKey key, CancellationToken cancellationToken);

    /// <summary>Every repository of the account, ordered by database, schema, name.</summary>
    ValueTask<IReadOnlyList<RepositoryRecord>> ListRepositoriesAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the repository and every manifest, tag, blob link, upload and grant in it, in one
    /// transaction. <c>false</c> when it did not exist.
    /// </summary>
    ValueTask<bool> DropRepositoryAsync(long repositoryId, CancellationToken cancellationToken);
}

/// <summary>Which blobs each repository may serve.</summary>
public interface IBlobLinkStore
{
    /// <summary>
    /// Links a committed blob to a repository (idempotent), with no lease: for fixtures and copies made
    /// while no collector runs. The registry links through <see cref="IBlobCollectionStore"/>.
    /// </summary>
    ValueTask LinkBlobAsync(long repositoryId, Digest digest, long size, CancellationToken cancellationToken);

    /// <summary>The blob's size when the repository links it, otherwise <c>null</c>.</summary>
    ValueTask<long?> FindBlobLinkAsync(long repositoryId, Digest digest, CancellationToken cancellationToken);

    /// <summary>The ids of the account's repositories that link the blob (for content discovery mounts).</summary>
    ValueTask<IReadOnlyList<long>> FindRepositoriesLinkingAsync(long accountId, Digest digest, CancellationToken cancellationToken);
}

/// <summary>Manifests, tags and referrers of the images in a repository.</summary>
public interface IManifestStore
{
    /// <summary>Stores the manifest (and moves the tag onto it) in one transaction.</summary>
    ValueTask PutManifestAsync(ManifestWrite manifest, CancellationToken cancellationToken);

    ValueTask<StoredManifest?> FindManifestAsync(long repositoryId, string image, Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// A number that moves in the same transaction as every change to what any tag resolves to (a tag
    /// written, moved or deleted; a manifest or image changed or deleted), whichever process commits it;
    /// or <c>null</c> when the store keeps none. While it has not moved, a manifest found by tag is still
    /// the one the tag points at, so a caller may keep it (see <c>docs/design/registry-core.md</c>).
    /// </summary>
    ValueTask<long?> ReadTagVersionAsync(CancellationToken cancellationToken);

    /// <summary>The manifest the tag points at: one indexed lookup.</summary>
    ValueTask<StoredManifest?> FindManifestByTagAsync(long repositoryId, string image, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> tags of the image in ordinal order, strictly after
    /// <paramref name="last"/> when given: one index range scan, whatever the number of tags.
    /// </summary>
    ValueTask<IReadOnlyList<string>> ListTagsAsync(long repositoryId, string image, string? last, int limit, CancellationToken cancellationToken);

    /// <summary>Whether the image has any manifest (a tag list of an unknown image is NAME_UNKNOWN).</summary>
    ValueTask<bool> ImageExistsAsync(long repositoryId, string image, CancellationToken cancellationToken);

    /// <summary>Manifests of the image whose subject is <paramref name="subject"/>, optionally only of one artifact type.</summary>
    ValueTask<IReadOnlyList<Referrer>> ListReferrersAsync(long repositoryId, string image, Digest subject, string? artifactType, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> image names of the account, as <c>db/schema/repo/image</c> in their
    /// URL form, ordinal order, strictly after <paramref name="last"/>.
    /// </summary>
    ValueTask<IReadOnlyList<string>> ListImageNamesAsync(long accountId, string? last, int limit, CancellationToken cancellationToken);

    /// <summary>One row per tag and one per untagged manifest, for <c>SHOW IMAGES</c>.</summary>
    ValueTask<IReadOnlyList<TaggedImage>> ListTaggedImagesAsync(long repositoryId, CancellationToken cancellationToken);
}

/// <summary>Upload sessions, shared by every node.</summary>
public interface IUploadStore
{
    ValueTask CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken);

    ValueTask<UploadRecord?> FindUploadAsync(string uploadId, CancellationToken cancellationToken);

    ValueTask TouchUploadAsync(string uploadId, DateTimeOffset updatedOn, CancellationToken cancellationToken);

    ValueTask DeleteUploadAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Uploads whose last activity is before <paramref name="cutoff"/>.</summary>
    ValueTask<IReadOnlyList<UploadRecord>> ListIdleUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>How many uploads are open, on every node (the <c>floe_uploads_in_progress</c> gauge).</summary>
    ValueTask<long> CountUploadsAsync(CancellationToken cancellationToken);
}

/// <summary>The schema of a metadata backend.</summary>
public interface IMetadataMigrations
{
    /// <summary>Brings the schema to the current version (idempotent; safe with several nodes starting).</summary>
    ValueTask MigrateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What a blob upload reads and writes: its own record, the blob links it creates and checks, and the
/// repositories a cross-repository mount may take a blob from.
/// </summary>
public interface IUploadMetadata : IUploadStore, IBlobLinkStore, IImageRepositoryStore, IBlobCollectionStore;

/// <summary>
/// A metadata backend: every role of the registry and of the control plane in one object, plus its
/// schema migrations. A backend implements this one interface and registers it; the server hands each
/// service only the roles it uses.
/// </summary>
public interface IMetadataStore :
    IAccountStore, IRepositoryStore, IBlobLinkStore, IManifestStore, IUploadStore, IControlPlaneStore, IUploadMetadata, IManifestAudit, IHistoryStore, IBlobCollectionStore, IMetadataMigrations;
