// Object layout of S3BlobStore in its bucket (the same tree is in docs/storage-layout.md):
//
//   <prefix>blobs/sha256/9f/9f86d081…0f00a08     a committed blob: exactly its content, named by the full hex
//   <prefix>blobs/sha512/ee/ee26b0dd…d8d0b0b
//   <prefix>uploads/<upload-id>/state            the upload's state (UploadState, JSON), written last by each append
//   <prefix>uploads/<upload-id>/part-00001       its full parts, in order, PartSize bytes each
//   <prefix>uploads/<upload-id>/tail-<guid>      the bytes after the last full part (fewer than PartSize)
//   <prefix>quarantine/sha256/9f86d081…0f00a08   a blob `floe fsck --repair` found corrupt: never served, kept
//
// A blob appears under blobs/ only by a server-side copy or a completed multipart upload of an upload's
// objects after its digest was verified, and either is atomic in S3: no partial blob is ever visible.

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Floe.Core.Content;

namespace Floe.Storage.S3;

/// <summary>Maps digests and upload ids to keys in the bucket (layout above).</summary>
internal sealed class S3Keys(string prefix)
{
    public const int MaxUploadIdLength = 64;

    public string Blobs { get; } = prefix + "blobs/";

    public string Uploads { get; } = prefix + "uploads/";

    public string Quarantined { get; } = prefix + "quarantine/";

    public string Blob(Digest digest) => $"{Blobs}{digest.AlgorithmName}/{digest.Hex[..2]}/{digest.Hex}";

    public string Quarantine(Digest digest) => $"{Quarantined}{digest.AlgorithmName}/{digest.Hex}";

    public string Upload(string uploadId) => Uploads + uploadId + "/";

    public string State(string uploadId) => Upload(uploadId) + "state";

    public string Part(string uploadId, int number) =>
        Upload(uploadId) + "part-" + number.ToString("D5", CultureInfo.InvariantCulture);

    public string NewTail(string uploadId) => Upload(uploadId) + "tail-" + Guid.NewGuid().ToString("N");

    /// <summary>An upload id is 1 to 64 ASCII letters, digits or dashes: one path segment, never more.</summary>
    public static bool IsUploadId([NotNullWhen(true)] string? uploadId) =>
        uploadId is { Length: > 0 and <= MaxUploadIdLength } && uploadId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The digest of a key under <see cref="Blobs"/>, or <c>null</c> for a key that is not a blob's.</summary>
    public Digest? BlobDigest(string key)
    {
        string[] segments = key[Blobs.Length..].Split('/');
        return segments.Length == 3
            && Digest.TryParse(segments[0] + ":" + segments[2], out Digest digest)
            && string.Equals(segments[1], digest.Hex[..2], StringComparison.Ordinal)
            ? digest
            : null;
    }

    /// <summary>The upload id of a key under <see cref="Uploads"/>.</summary>
    public string UploadIdOf(string key)
    {
        string rest = key[Uploads.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}
