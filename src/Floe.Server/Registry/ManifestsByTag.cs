using System.Collections.Concurrent;
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

    private Generation _current = new(long.MinValue);

    public async ValueTask<StoredManifest?> FindAsync(long repositoryId, string image, string tag, CancellationToken cancellationToken)
    {
        if (await manifests.ReadTagVersionAsync(cancellationToken) is not { } version)
        {
            return await manifests.FindManifestByTagAsync(repositoryId, image, tag, cancellationToken);
        }

        Generation generation = Volatile.Read(ref _current);
        if (generation.Version < version)
        {
            // A newer version starts empty; a reader that lost the race takes the winner's.
            Generation fresh = new(version);
            Generation seen = Interlocked.CompareExchange(ref _current, fresh, generation);
            generation = ReferenceEquals(seen, generation) ? fresh : seen;
        }

        TagKey key = new(repositoryId, image, tag);
        if (generation.Version == version && generation.Manifests.TryGetValue(key, out StoredManifest? known))
        {
            return known;
        }

        // Read after the version: if a tag write commits in between, this manifest is newer than the
        // version it is kept under, and the next lookup reads the newer version and drops it.
        StoredManifest? manifest = await manifests.FindManifestByTagAsync(repositoryId, image, tag, cancellationToken);
        if (manifest is not null && generation.Version == version && manifest.Body.Length <= MaxManifestBytes)
        {
            generation.Keep(key, manifest);
        }

        return manifest;
    }

    private sealed record TagKey(long RepositoryId, string Image, string Tag);

    /// <summary>The manifests found under one tag version.</summary>
    private sealed class Generation(long version)
    {
        private long _bytes;

        public long Version { get; } = version;

        public ConcurrentDictionary<TagKey, StoredManifest> Manifests { get; } = new();

        public void Keep(TagKey key, StoredManifest manifest)
        {
            if (Manifests.TryAdd(key, manifest) && Interlocked.Add(ref _bytes, manifest.Body.Length) > Capacity)
            {
                Manifests.Clear();
                Interlocked.Exchange(ref _bytes, 0);
            }
        }
    }
}
