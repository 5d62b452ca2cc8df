using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>
/// Implemented by blob stores that keep committed blobs as local files, so the server can send them
/// with sendfile instead of copying through a stream.
/// </summary>
public interface IBlobLocalFiles
{
    /// <summary>The on-disk path of a committed blob, or <c>null</c> when the blob is absent.</summary>
    string? GetLocalPath(Digest digest);

    /// <summary>Where the blob's file is when the blob is committed; no check that it is there.</summary>
    string GetExpectedPath(Digest digest);
}
