using System.Text;
using System.Text.Json.Nodes;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// A one-layer OCI image made of seeded random bytes: its layer, its config and the manifest over
/// both, with their digests, so a test can push it over plain HTTP and check every byte it reads back.
/// </summary>
public sealed class TestImage
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    private TestImage(byte[] layer, byte[] config, byte[] manifest)
    {
        Layer = layer;
        Config = config;
        Manifest = manifest;
    }

    public byte[] Layer { get; }

    public byte[] Config { get; }

    public byte[] Manifest { get; }

    public string LayerDigest => RegistryHttpClient.DigestOf(Layer);

    public string ConfigDigest => RegistryHttpClient.DigestOf(Config);

    public string ManifestDigest => RegistryHttpClient.DigestOf(Manifest);

    /// <summary>An image whose layer is <paramref name="layerSize"/> bytes from <paramref name="random"/>; <paramref name="label"/> makes its config unique.</summary>
    public static TestImage Create(Random random, int layerSize, string label)
    {
        byte[] layer = new byte[layerSize];
        random.NextBytes(layer);
        byte[] config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["floe.test"] = label } },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(RegistryHttpClient.DigestOf(layer)) },
        }.ToJsonString());
        byte[] manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layer)),
        }.ToJsonString());
        return new TestImage(layer, config, manifest);
    }

    private static JsonObject Descriptor(string mediaType, byte[] content) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = RegistryHttpClient.DigestOf(content),
        ["size"] = content.Length,
    };
}
