using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Errors;

namespace Floe.Core.Manifests;

/// <summary>
/// Validates a pushed manifest body: OCI image manifests and indexes (including artifacts with
/// <c>artifactType</c> and <c>subject</c>) and Docker image manifest v2 schema 2 and manifest lists.
/// Every problem is a <c>MANIFEST_INVALID</c> result whose detail says what is wrong; no input throws.
/// </summary>
public static class ManifestParser
{
    /// <param name="body">The manifest bytes as pushed (at most 4 MiB: the caller enforces the limit).</param>
    /// <param name="contentType">The request's <c>Content-Type</c>, parameters allowed; null when absent.</param>
    public static Result<ParsedManifest> Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        Result<JsonDocument> loaded = ManifestJson.Load(body);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        using JsonDocument document = loaded.Value;
        Result<ManifestFields> root = ManifestFields.Open(document.RootElement, string.Empty);
        return root.IsSuccess ? Parse(root.Value, contentType) : root.Error;
    }

    private static Result<ParsedManifest> Parse(ManifestFields root, string? contentType)
    {
        if (!root.TryOptionalString("mediaType", out string? inBody))
        {
            return root.Error;
        }

        Result<string?> declared = ManifestMediaType.Declared(inBody, contentType);
        if (!declared.IsSuccess)
        {
            return declared.Error;
        }

        if (!root.TryExactInteger("schemaVersion", 2))
        {
            return root.Error;
        }

        Result<string> mediaType = declared.Value ?? ManifestMediaType.Infer(root.Has("config"), root.Has("manifests"));
        if (!mediaType.IsSuccess)
        {
            return mediaType.Error;
        }

        return MediaTypes.IsIndex(mediaType.Value) ? ParseIndex(root, mediaType.Value) : ParseImageManifest(root, mediaType.Value);
    }

    private static Result<ParsedManifest> ParseImageManifest(ManifestFields root, string mediaType)
    {
        if (!root.TryAbsent("manifests", "an image manifest")
            || !root.TryDescriptor("config", out Descriptor? config)
            || !root.TryDescriptors("layers", out IReadOnlyList<Descriptor>? layers)
            || !root.TryOptionalDescriptor("subject", out Descriptor? subject)
            || !root.TryOptionalString("artifactType", out string? artifactType)
            || !root.TryOptionalStringMapJson("annotations", out string? annotations))
        {
            return root.Error;
        }

        return new ParsedManifest(mediaType, artifactType ?? config.MediaType, subject, config, layers, [], annotations);
    }

    private static Result<ParsedManifest> ParseIndex(ManifestFields root, string mediaType)
    {
        if (!root.TryAbsent("config", "an image index")
            || !root.TryAbsent("layers", "an image index")
            || !root.TryDescriptors("manifests", out IReadOnlyList<Descriptor>? manifests)
            || !root.TryOptionalDescriptor("subject", out Descriptor? subject)
            || !root.TryOptionalString("artifactType", out string? artifactType)
            || !root.TryOptionalStringMapJson("annotations", out string? annotations))
        {
            return root.Error;
        }

        return new ParsedManifest(mediaType, artifactType, subject, null, [], manifests, annotations);
    }
}
