// Blob layout of AzureBlobStore in its container (the same tree is in docs/storage-layout.md):
//
//   <prefix>blobs/sha256/9f/9f86d081…0f00a08     a committed blob: exactly its content, named by the full hex
//   <prefix>uploads/<upload-id>/state            the upload's state (UploadState, JSON), written last by each append
//   <prefix>uploads/<upload-id>/data             the blocks staged so far (uncommitted: invisible as content)
//   <prefix>quarantine/sha256/9f86d081…0f00a08   a blob `floe fsck --repair` found corrupt: never served, kept
//
// A blob appears under blobs/ only by a server-side copy of a verified upload's data blob, and a copy
// makes the destination visible only once it is complete: no partial blob is ever visible.

using System.Diagnostics.CodeAnalysis;
using Floe.Core.Content;

namespace Floe.Storage.Azure;

/// <summary>Maps digests and upload ids to blob names in the container (layout above).</summary>
internal sealed class AzureNames(string prefix)
{
    public const int MaxUploadIdLength = 64;

    public string Blobs { get; } = prefix + "blobs/";

    public string Uploads { get; } = prefix + "uploads/";

    public string Blob(Digest digest) => $"{Blobs}{digest.AlgorithmName}/{digest.Hex[..2]}/{digest.Hex}";

    public string Quarantine(Digest digest) => $"{prefix}quarantine/{digest.AlgorithmName}/{digest.Hex}";

    public string Upload(string uploadId) => Uploads + uploadId + "/";

    public string State(string uploadId) => Upload(uploadId) + "state";

    public string Data(string uploadId) => Upload(uploadId) + "data";

    /// <summary>An upload id is 1 to 64 ASCII letters, digits or dashes: one path segment, never more.</summary>
    public static bool IsUploadId([NotNullWhen(true)] string? uploadId) =>
        uploadId is { Length: > 0 and <= MaxUploadIdLength } && uploadId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The digest of a name under <see cref="Blobs"/>, or <c>null</c> for a name that is not a blob's.</summary>
    public Digest? BlobDigest(string name)
    {
        string[] segments = name[Blobs.Length..].Split('/');
        return segments.Length == 3
            && Digest.TryParse(segments[0] + ":" + segments[2], out Digest digest)
            && string.Equals(segments[1], digest.Hex[..2], StringComparison.Ordinal)
            ? digest
            : null;
    }

    /// <summary>The upload id of a name under <see cref="Uploads"/>.</summary>
    public string UploadIdOf(string name)
    {
        string rest = name[Uploads.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}
