using Floe.Core.Content;
using Floe.Core.Errors;

namespace Floe.Core.Manifests;

/// <summary>
/// Decides which kind of manifest a body is: from its own <c>mediaType</c>, else from the request's
/// <c>Content-Type</c>, else from its shape (OCI image-spec leaves <c>mediaType</c> optional).
/// </summary>
internal static class ManifestMediaType
{
    private static readonly string[] Supported =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    /// <summary>The supported media type the request declares, or null when it declares none.</summary>
    public static Result<string?> Declared(string? inBody, string? contentType)
    {
        string? header = WithoutParameters(contentType);
        if (inBody is not null && header is not null && !string.Equals(inBody, header, StringComparison.OrdinalIgnoreCase))
        {
            return ManifestInvalid.Because(
                $"media type in body does not match Content-Type: {ManifestInvalid.Quote(inBody)} vs {ManifestInvalid.Quote(header)}");
        }

        string? declared = inBody ?? header;
        if (declared is null)
        {
            return Result<string?>.Ok(null);
        }

        string? supported = Array.Find(Supported, type => string.Equals(type, declared, StringComparison.OrdinalIgnoreCase));
        return supported ?? (Result<string?>)ManifestInvalid.Because($"unsupported manifest media type {ManifestInvalid.Quote(declared)}");
    }

    /// <summary>The media type of a body that declares none: an index has <c>manifests</c>, an image manifest <c>config</c>.</summary>
    public static Result<string> Infer(bool hasConfig, bool hasManifests) => (hasConfig, hasManifests) switch
    {
        (true, false) => MediaTypes.OciManifest,
        (false, true) => MediaTypes.OciIndex,
        (true, true) => ManifestInvalid.Because("mediaType is missing and the manifest has both config and manifests"),
        _ => ManifestInvalid.Because("mediaType is missing and the manifest has neither config nor manifests"),
    };

    /// <summary>The media type of a <c>Content-Type</c> value without parameters (<c>; charset=utf-8</c>); null when blank.</summary>
    internal static string? WithoutParameters(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        string mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.Length == 0 ? null : mediaType;
    }
}
