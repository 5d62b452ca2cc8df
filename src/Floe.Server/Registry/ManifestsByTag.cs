using Floe.Core.Metadata;

namespace Floe.Server.Registry;

/// <summary>
/// Resolves tags to manifests, keeping what it found for as long as the store's tag version
/// (<see cref="IManifestStore.ReadTagVersionAsync"/>) has not moved. Every lookup reads the version
/// first — one primary-key read instead of the three-table lookup — and a manifest is reused only when it
/// was found under that very version. A tag pushed, moved or deleted, a manifest or an image deleted, a
/// repository dropped: each commits a new version with the change, whichever process makes it, so the
/// next lookup decides afresh. Nothing is trusted by age. A store that keeps no version is asked every
/// time. Who may read the manifest is decided before this is asked, on every request.
/// </summary>
internal sealed class ManifestsByTag(IManifestStore manifests)
{
    /// <summary>The largest manifest kept: an image's manifest is a few KiB, a wide index a few tens.</summary>
    public const int MaxManifestBytes = 256 * 1024;

    /// <summary>A bound on memory: past it, the manifests of the current version are dropped and found again.</summary>
    public const long Capacity = 32L * 1024 * 1024;

    private readonly VersionedMemo<TagKey, StoredManifest> _found = new(Capacity, manifest => manifest.Body.Length);

    public async ValueTask<StoredManifest?> FindAsync(long repositoryId, string image, string tag, CancellationToken cancellationToken)
    {
        if (await manifests.ReadTagVersionAsync(cancellationToken) is not { } version)
        {
            return await manifests.FindManifestByTagAsync(repositoryId, image, tag, cancellationToken);
        }

        TagKey key = new(repositoryId, image, tag);
        if (_found.TryGet(version, key, out StoredManifest known))
        {
            return known;
        }

        StoredManifest? manifest = await manifests.FindManifestByTagAsync(repositoryId, image, tag, cancellationToken);
        if (manifest is not null && manifest.Body.Length <= MaxManifestBytes)
        {
            _found.Keep(version, key, manifest);
        }

        return manifest;
    }

    private sealed record TagKey(long RepositoryId, string Image, string Tag);
}
