namespace Floe.Core.Content;

/// <summary>The manifest media types Floe stores and serves.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciEmptyJson = "application/vnd.oci.empty.v1+json";
    public const string OctetStream = "application/octet-stream";

    public static bool IsIndex(string mediaType) =>
        mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string mediaType) =>
        mediaType is OciManifest or DockerManifest or OciIndex or DockerManifestList;
}
