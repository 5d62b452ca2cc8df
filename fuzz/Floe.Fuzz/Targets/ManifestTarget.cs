using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Manifests;

namespace Floe.Fuzz;

/// <summary>
/// A pushed manifest or index: the first byte picks the request's <c>Content-Type</c>, the rest is the body.
/// Every body answers a parsed manifest or <c>MANIFEST_INVALID</c>; a parsed one is self-consistent.
/// </summary>
internal static class ManifestTarget
{
    private static readonly string?[] ContentTypes =
    [
        null, MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList,
        "application/json", MediaTypes.OciManifest + "; charset=utf-8", "", "text/plain",
    ];

    public static void Run(byte[] input)
    {
        string? contentType = input.Length == 0 ? null : ContentTypes[input[0] % ContentTypes.Length];
        ReadOnlySpan<byte> body = input.Length == 0 ? input : input.AsSpan(1);
        Result<ParsedManifest> parsed = ManifestParser.Parse(body, contentType);
        if (!parsed.IsSuccess)
        {
            FuzzTargets.Require(parsed.Error.Code == RegistryErrors.ManifestInvalid, $"refused with {parsed.Error.Code}, not MANIFEST_INVALID");
            return;
        }

        ParsedManifest manifest = parsed.Value;
        FuzzTargets.Require(MediaTypes.IsManifest(manifest.MediaType), $"accepted with media type '{manifest.MediaType}'");
        if (MediaTypes.IsIndex(manifest.MediaType))
        {
            FuzzTargets.Require(manifest.Config is null && manifest.Layers.Count == 0, "an index with a config or layers");
        }
        else
        {
            FuzzTargets.Require(manifest.Config is not null && manifest.Manifests.Count == 0, "an image manifest without a config, or with manifests");
        }

        foreach (Descriptor descriptor in manifest.Layers.Concat(manifest.Manifests).Append(manifest.Config).Append(manifest.Subject).OfType<Descriptor>())
        {
            FuzzTargets.Require(descriptor.Size >= 0 && Digest.TryParse(descriptor.Digest.ToString(), out _), $"descriptor {descriptor.Digest} of size {descriptor.Size}");
        }

        if (manifest.AnnotationsJson is { } annotations)
        {
            using JsonDocument document = JsonDocument.Parse(annotations);
            FuzzTargets.Require(document.RootElement.ValueKind == JsonValueKind.Object, "annotations that are not an object");
        }
    }
}
