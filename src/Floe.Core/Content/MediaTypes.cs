namespace Floe.Core.Content;

/// <summary>The manifest media types Floe stores and serves, and the layer types it treats specially.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciEmptyJson = "application/vnd.oci.empty.v1+json";
    public const string OctetStream = "application/octet-stream";

    /// <summary>A Docker layer that lives outside registries (e.g. Windows base layers).</summary>
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>OCI non-distributable layers (deprecated by the image-spec, still found in the wild).</summary>
    public const string OciNonDistributableLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciNonDistributableLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciNonDistributableLayerZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public static bool IsIndex(string mediaType) =>
        mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string mediaType) =>
        mediaType is OciManifest or DockerManifest or OciIndex or DockerManifestList;

    /// <summary>Layer types a client may push a manifest for without pushing the layer itself.</summary>
    public static bool IsNonDistributableLayer(string mediaType) =>
        mediaType is DockerForeignLayer or OciNonDistributableLayer or OciNonDistributableLayerGzip or OciNonDistributableLayerZstd;
}
