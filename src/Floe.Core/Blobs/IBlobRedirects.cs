using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>
/// Implemented by blob stores that can hand a client a URL to download a committed blob from the store
/// itself (an S3 pre-signed URL, an Azure SAS URL), so the bytes do not pass through the node. The URL
/// grants a read of that one blob and nothing else, until it expires.
/// </summary>
public interface IBlobRedirects
{
    /// <summary>
    /// A URL that reads the blob <paramref name="digest"/> for the next <paramref name="lifetime"/>; computed
    /// locally (a signature), with no request to the store and no check that the blob is there.
    /// </summary>
    Uri DownloadUri(Digest digest, TimeSpan lifetime);
}
