using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Server.Hosting;

namespace Floe.Server.Registry;

/// <summary>A blob ready to be served: from a local file (which may turn out to be missing) when the store keeps them, else from a stream.</summary>
internal sealed record BlobToServe(BlobInfo Blob, string? LocalPath);

/// <summary>Serves blobs that a repository links (distribution-spec "Pulling Blobs").</summary>
internal sealed class BlobService(IBlobLinkStore links, IBlobReader blobs, StorageOptions storage)
{
    public IBlobReader Reader => blobs;

    /// <summary>
    /// With <see cref="StorageOptions.BlobRedirect"/> on a store that has URLs of its own, the URL a download of
    /// <paramref name="blob"/> is sent to; else <c>null</c> (the node streams it).
    /// </summary>
    public Uri? RedirectFor(BlobInfo blob) =>
        storage.BlobRedirect && blobs is IBlobRedirects redirects
            ? redirects.DownloadUri(blob.Digest, TimeSpan.FromSeconds(storage.BlobRedirectExpirySeconds))
            : null;

    public async ValueTask<Result<BlobToServe>> FindAsync(RepositoryTarget target, string reference, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(reference, out Digest digest))
        {
            return new RegistryError(RegistryErrors.DigestInvalid, $"'{reference}' is not a valid digest");
        }

        long? linked = await links.FindBlobLinkAsync(target.RepositoryId, digest, cancellationToken);
        if (linked is not null && blobs is IBlobLocalFiles local)
        {
            // The link records the size; whether the file is really there is found out by opening it.
            return new BlobToServe(new BlobInfo(digest, linked.Value), local.GetExpectedPath(digest));
        }

        BlobInfo? blob = linked is null ? null : await blobs.StatAsync(digest, cancellationToken);
        if (blob is null)
        {
            return BlobUnknown(target, digest);
        }

        return new BlobToServe(blob, null);
    }

    private static RegistryError BlobUnknown(RepositoryTarget target, Digest digest) =>
        new(RegistryErrors.BlobUnknown, $"blob {digest} is unknown in '{target.PathName}'");
}
