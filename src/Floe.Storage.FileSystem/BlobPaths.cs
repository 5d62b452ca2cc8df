// On-disk layout of FileSystemBlobStore (the same tree is in docs/storage-layout.md):
//
//   <root>/
//   ├── blobs/
//   │   ├── sha256/
//   │   │   └── 9f/                     first two hex characters: fan-out, so no directory grows huge
//   │   │       └── 9f86d081…0f00a08    a committed blob: exactly its content, named by the full hex
//   │   └── sha512/
//   │       └── ee/
//   │           └── ee26b0dd…d8d0b0b
//   ├── uploads/
//   │   └── <upload-id>                 the bytes received so far by an upload in progress
//   │                                   (<upload-id> matches ^[A-Za-z0-9-]{1,64}$, nothing else)
//   └── quarantine/
//       └── sha256/
//           └── 9f86d081…0f00a08        a blob `floe fsck --repair` found corrupt: out of service
//                                       (never served, reported absent), kept for inspection
//
// uploads/ and blobs/ sit under one root, hence on one file system: a commit is a rename(2) of
// uploads/<upload-id> to its blob path, and that rename is the only way a file appears under blobs/.
// A crash therefore never leaves a partial blob; at worst it leaves an upload file, which the
// metadata store's idle-upload sweep cancels. There is no sidecar: the digest algorithm of an upload
// only matters in the process that hashes it, and any process can re-hash the file at commit.

using System.Diagnostics.CodeAnalysis;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>Maps digests and upload ids to paths under the store root (layout above).</summary>
internal sealed class BlobPaths
{
    public const int MaxUploadIdLength = 64;

    public BlobPaths(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        Root = Path.GetFullPath(rootPath);
        Blobs = Path.Combine(Root, "blobs");
        Uploads = Path.Combine(Root, "uploads");
        Quarantine = Path.Combine(Root, "quarantine");
    }

    public string Root { get; }

    public string Blobs { get; }

    public string Uploads { get; }

    public string Quarantine { get; }

    public string QuarantinePath(Digest digest) =>
        Path.Combine(Quarantine, Digest.NameOf(digest.Algorithm), RequireHex(digest));

    public string AlgorithmDirectory(DigestAlgorithm algorithm) => Path.Combine(Blobs, Digest.NameOf(algorithm));

    public string BlobDirectory(Digest digest) =>
        Path.Combine(AlgorithmDirectory(digest.Algorithm), RequireHex(digest)[..2]);

    public string BlobPath(Digest digest) => Path.Combine(BlobDirectory(digest), RequireHex(digest));

    /// <summary>The upload's file, or <c>false</c> when <paramref name="uploadId"/> is not a plain token.</summary>
    public bool TryGetUploadPath([NotNullWhen(true)] string? uploadId, [NotNullWhen(true)] out string? path)
    {
        path = IsUploadId(uploadId) ? Path.Combine(Uploads, uploadId) : null;
        return path is not null;
    }

    /// <summary>
    /// True for 1 to 64 ASCII letters, digits and dashes. Such a token has no separator, no dot and no
    /// root, so it names a file directly inside <see cref="Uploads"/> and nowhere else.
    /// </summary>
    public static bool IsUploadId([NotNullWhen(true)] string? uploadId)
    {
        if (uploadId is null || uploadId.Length is 0 or > MaxUploadIdLength)
        {
            return false;
        }

        foreach (char c in uploadId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string RequireHex(Digest digest) =>
        digest.Hex ?? throw new ArgumentException("The digest is uninitialised (default).", nameof(digest));
}
