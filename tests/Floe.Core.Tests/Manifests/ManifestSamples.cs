using System.Text;
using System.Text.Json.Nodes;

namespace Floe.Core.Tests.Manifests;

/// <summary>Valid manifests of every supported kind, and a way to break them one field at a time.</summary>
internal static class ManifestSamples
{
    public const string ConfigDigest = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910";
    public const string Layer1Digest = "sha256:922badbaf192e1a4a5af64df422de6d73e96e70d0ab52245bd3d692bcea9cfad";
    public const string Layer2Digest = "sha256:6bdb18f83935f1d97220ee8035e6ccd7e764c32102587be4488f940f943ebda6";
    public const string ForeignDigest = "sha256:656771905e1ef731f65cd0a0d9fb061238380a1a012e6abdf846ecc7d2ea36fd";
    public const string AmdDigest = "sha256:48e6aed16ede5afb3855adb6aeb7c33ab69aeb08edf580c6fe28ab0b6278fc05";
    public const string ArmDigest = "sha256:7779d56e2c4f6680a0195eed8f59cc9fd6f13a8f128679e7cffa4bf8c5407b35";
    public const string SubjectDigest = "sha256:a9491f4c1bf7b0cffbadcba2db8f028e4b3f2867cb59e1f3a0bc1968f3c51242";
    public const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    public const string OciConfigType = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerType = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerConfigType = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string SbomType = "application/vnd.example.sbom.v1";

    public const string OciManifest = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": { "mediaType": "{{OciConfigType}}", "digest": "{{ConfigDigest}}", "size": 1469 },
          "layers": [
            { "mediaType": "{{OciLayerType}}", "digest": "{{Layer1Digest}}", "size": 3623807 },
            { "mediaType": "{{OciLayerType}}", "digest": "{{Layer2Digest}}", "size": 32 }
          ]
        }
        """;

    public const string OciIndex = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.index.v1+json",
          "manifests": [
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{AmdDigest}}", "size": 7143,
              "platform": { "architecture": "amd64", "os": "linux" }
            },
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{ArmDigest}}", "size": 7682,
              "platform": { "architecture": "arm64", "os": "linux", "variant": "v8" }
            }
          ],
          "annotations": { "org.opencontainers.image.ref.name": "1.0" }
        }
        """;

    public const string DockerManifest = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
          "config": { "mediaType": "{{DockerConfigType}}", "size": 7023, "digest": "{{ConfigDigest}}" },
          "layers": [
            { "mediaType": "{{DockerLayerType}}", "size": 32654, "digest": "{{Layer1Digest}}" },
            {
              "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "size": 1073741824,
              "digest": "{{ForeignDigest}}", "urls": [ "https://mcr.microsoft.com/v2/windows/blobs/x" ]
            }
          ]
        }
        """;

    public const string DockerManifestList = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
          "manifests": [
            {
              "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 7143, "digest": "{{AmdDigest}}",
              "platform": { "architecture": "amd64", "os": "linux", "features": [ "sse4" ] }
            }
          ]
        }
        """;

    public const string OciArtifact = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "artifactType": "{{SbomType}}",
          "config": { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{EmptyDigest}}", "size": 2, "data": "e30=" },
          "layers": [
            {
              "mediaType": "application/spdx+json", "digest": "{{Layer1Digest}}", "size": 1024,
              "annotations": { "org.opencontainers.image.title": "sbom.spdx.json" }
            }
          ],
          "subject": { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{SubjectDigest}}", "size": 1234 },
          "annotations": {"org.opencontainers.image.created": "2024-05-01T00:00:00Z", "x": "y"}
        }
        """;

    /// <summary>Every sample with the Content-Type a client would send with it.</summary>
    public static TheoryData<string, string> All => new()
    {
        { OciManifest, Floe.Core.Content.MediaTypes.OciManifest },
        { OciIndex, Floe.Core.Content.MediaTypes.OciIndex },
        { DockerManifest, Floe.Core.Content.MediaTypes.DockerManifest },
        { DockerManifestList, Floe.Core.Content.MediaTypes.DockerManifestList },
        { OciArtifact, Floe.Core.Content.MediaTypes.OciManifest },
    };

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>
    /// <paramref name="json"/> with the value at <paramref name="path"/> (dotted, array indexes as numbers:
    /// <c>layers.0.digest</c>) replaced by the JSON text <paramref name="valueJson"/>, or removed when it is null.
    /// </summary>
    public static string With(string json, string path, string? valueJson)
    {
        JsonNode root = JsonNode.Parse(json)!;
        string[] steps = path.Split('.');
        JsonNode parent = steps[..^1].Aggregate(root, Step);
        string last = steps[^1];
        if (parent is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = Node(valueJson);
        }
        else if (valueJson is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = Node(valueJson);
        }

        return root.ToJsonString();
    }

    public static string Without(string json, string path) => With(json, path, null);

    private static JsonNode Step(JsonNode node, string step) =>
        (node is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)] : node[step])!;

    private static JsonNode? Node(string? valueJson) => valueJson is null ? null : JsonNode.Parse(valueJson);
}
