using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;

namespace Floe.Server.Registry;

/// <summary>One page of names, and the <c>last</c> value of the next page when there is one.</summary>
internal sealed record NamePage(IReadOnlyList<string> Names, string? NextLast, int PageSize);

/// <summary>Content discovery: tag lists, the catalog and the referrers API.</summary>
internal sealed class DiscoveryService(IManifestStore manifests)
{
    public async ValueTask<Result<NamePage>> ListTagsAsync(RepositoryTarget target, PageRequest page, CancellationToken cancellationToken)
    {
        if (!await manifests.ImageExistsAsync(target.RepositoryId, target.Image, cancellationToken))
        {
            return new RegistryError(RegistryErrors.NameUnknown, $"image '{target.PathName}' has no manifests");
        }

        IReadOnlyList<string> tags = page.Size == 0
            ? []
            : await manifests.ListTagsAsync(target.RepositoryId, target.Image, page.Last, page.Size + 1, cancellationToken);
        return Paginate(tags, page.Size);
    }

    public async ValueTask<NamePage> ListCatalogAsync(long accountId, PageRequest page, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = page.Size == 0
            ? []
            : await manifests.ListImageNamesAsync(accountId, page.Last, page.Size + 1, cancellationToken);
        return Paginate(names, page.Size);
    }

    public async ValueTask<Result<byte[]>> ListReferrersAsync(
        RepositoryTarget target, string reference, string? artifactType, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(reference, out Digest subject))
        {
            return new RegistryError(RegistryErrors.DigestInvalid, $"'{reference}' is not a valid digest");
        }

        IReadOnlyList<Referrer> referrers = await manifests.ListReferrersAsync(
            target.RepositoryId, target.Image, subject, artifactType, cancellationToken);
        return WriteIndex(referrers);
    }

    private static NamePage Paginate(IReadOnlyList<string> names, int size) =>
        names.Count > size
            ? new NamePage([.. names.Take(size)], names[size - 1], size)
            : new NamePage(names, null, size);

    /// <summary>The referrers response: an OCI image index whose manifests are the referrers' descriptors.</summary>
    private static byte[] WriteIndex(IReadOnlyList<Referrer> referrers)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.OciIndex);
            writer.WriteStartArray("manifests");
            foreach (Referrer referrer in referrers)
            {
                WriteDescriptor(writer, referrer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter writer, Referrer referrer)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", referrer.MediaType);
        writer.WriteString("digest", referrer.Digest.ToString());
        writer.WriteNumber("size", referrer.Size);
        if (referrer.ArtifactType is not null)
        {
            writer.WriteString("artifactType", referrer.ArtifactType);
        }

        if (referrer.AnnotationsJson is not null)
        {
            writer.WritePropertyName("annotations");
            writer.WriteRawValue(referrer.AnnotationsJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
