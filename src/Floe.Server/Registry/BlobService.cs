using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;

namespace Floe.Server.Registry;

/// <summary>A blob ready to be served: from a local file when the store has one, else from a stream.</summary>
internal sealed record BlobToServe(BlobInfo Blob, string? LocalPath);

/// <summary>Serves blobs that a repository links (distribution-spec "Pulling Blobs").</summary>
internal sealed class BlobService(IBlobLinkStore links, IBlobStore blobs)
{
    public IBlobReader Reader => blobs;

    public async ValueTask<Result<BlobToServe>> FindAsync(RepositoryTarget target, string reference, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(reference, out Digest digest))
        {
            return new RegistryError(RegistryErrors.DigestInvalid, $"'{reference}' is not a valid digest");
        }

        long? linked = await links.FindBlobLinkAsync(target.RepositoryId, digest, cancellationToken);
        BlobInfo? blob = linked is null ? null : await blobs.StatAsync(digest, cancellationToken);
        if (blob is null)
        {
            return new RegistryError(RegistryErrors.BlobUnknown, $"blob {digest} is unknown in '{target.PathName}'");
        }

        string? path = (blobs as IBlobLocalFiles)?.GetLocalPath(digest);
        return new BlobToServe(blob, path);
    }
}
