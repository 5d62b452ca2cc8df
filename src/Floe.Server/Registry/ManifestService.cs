using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Manifests;
using Floe.Core.Metadata;
using Floe.Core.Naming;

namespace Floe.Server.Registry;

/// <summary>Where a manifest PUT stored the manifest.</summary>
internal sealed record PutManifestOutcome(Digest Digest, Digest? Subject);

/// <summary>Reads and writes manifests: validation, digest checks and references (distribution-spec "Pushing Manifests").</summary>
internal sealed class ManifestService(IManifestStore manifests, ManifestsByTag manifestsByTag, IBlobLinkStore links, RegistryOptions options)
{
    public async ValueTask<Result<StoredManifest>> GetAsync(RepositoryTarget target, string reference, CancellationToken cancellationToken)
    {
        StoredManifest? manifest;
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(reference, out Digest digest))
            {
                return new RegistryError(RegistryErrors.DigestInvalid, $"'{reference}' is not a valid digest");
            }

            manifest = await manifests.FindManifestAsync(target.RepositoryId, target.Image, digest, cancellationToken);
        }
        else if (Tag.IsValid(reference))
        {
            manifest = await manifestsByTag.FindAsync(target.RepositoryId, target.Image, reference, cancellationToken);
        }
        else
        {
            return new RegistryError(RegistryErrors.ManifestUnknown, $"'{reference}' is neither a tag nor a digest");
        }

        return manifest is null
            ? new RegistryError(RegistryErrors.ManifestUnknown, $"manifest '{reference}' is unknown in '{target.PathName}'")
            : manifest;
    }

    public async ValueTask<Result<PutManifestOutcome>> PutAsync(
        RepositoryTarget target, string reference, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (body.Length > options.MaxManifestBytes)
        {
            return new RegistryError(RegistryErrors.ManifestTooLarge);
        }

        Result<(Digest Digest, string? Tag)> named = NameManifest(reference, body);
        if (!named.IsSuccess)
        {
            return named.Error;
        }

        Result<ParsedManifest> parsed = ManifestParser.Parse(body, contentType);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        RegistryError? missing = await FindMissingReferenceAsync(target, parsed.Value, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        ParsedManifest manifest = parsed.Value;
        await manifests.PutManifestAsync(
            new ManifestWrite(
                target.RepositoryId,
                target.Image,
                named.Value.Digest,
                manifest.MediaType,
                manifest.ArtifactType,
                manifest.Subject?.Digest,
                body,
                manifest.AnnotationsJson,
                named.Value.Tag,
                [.. manifest.RequiredBlobs.Select(d => d.Digest)],
                [.. manifest.Manifests.Select(d => d.Digest)]),
            cancellationToken);
        return new PutManifestOutcome(named.Value.Digest, manifest.Subject?.Digest);
    }

    /// <summary>The manifest's digest and the tag to move, from the reference it was pushed to.</summary>
    private static Result<(Digest Digest, string? Tag)> NameManifest(string reference, byte[] body)
    {
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(reference, out Digest expected))
            {
                return new RegistryError(RegistryErrors.DigestInvalid, $"'{reference}' is not a valid digest");
            }

            Digest actual = Digest.Compute(expected.Algorithm, body);
            return actual == expected
                ? (expected, null)
                : new RegistryError(RegistryErrors.DigestInvalid, $"the manifest's digest is {actual}, not {expected}");
        }

        return Tag.IsValid(reference)
            ? (Digest.Sha256Of(body), reference)
            : new RegistryError(RegistryErrors.ManifestInvalid, $"'{reference}' is not a valid tag");
    }

    private async ValueTask<RegistryError?> FindMissingReferenceAsync(RepositoryTarget target, ParsedManifest manifest, CancellationToken cancellationToken)
    {
        foreach (Descriptor blob in manifest.RequiredBlobs)
        {
            long? size = await links.FindBlobLinkAsync(target.RepositoryId, blob.Digest, cancellationToken);
            if (size is null)
            {
                return new RegistryError(RegistryErrors.ManifestBlobUnknown, $"blob {blob.Digest} is unknown in '{target.PathName}'");
            }

            if (size != blob.Size)
            {
                return new RegistryError(RegistryErrors.ManifestInvalid, $"blob {blob.Digest} has size {size}, not {blob.Size}");
            }
        }

        foreach (Descriptor child in manifest.Manifests)
        {
            if (await manifests.FindManifestAsync(target.RepositoryId, target.Image, child.Digest, cancellationToken) is null)
            {
                return new RegistryError(RegistryErrors.ManifestBlobUnknown, $"manifest {child.Digest} is unknown in '{target.PathName}'");
            }
        }

        return null;
    }
}
