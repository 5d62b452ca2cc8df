using System.Globalization;
using System.Text;
using Floe.Core.Content;

namespace Floe.Benchmarks.Manifests;

/// <summary>Manifest bodies shaped like real ones, made deterministically so every run parses the same bytes.</summary>
internal static class BenchManifests
{
    public const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndexType = "application/vnd.oci.image.index.v1+json";

    private static readonly string[] Architectures = ["amd64", "arm64", "ppc64le", "s390x", "riscv64"];

    /// <summary>An OCI image manifest of a typical service image: a config, five gzip layers, two annotations (about 1.2 KB).</summary>
    public static byte[] TypicalImageManifest()
    {
        StringBuilder json = new();
        json.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(OciManifestType).Append("\",");
        json.Append("\"config\":").Append(DescriptorJson("application/vnd.oci.image.config.v1+json", 0, 7023)).Append(',');
        json.Append("\"layers\":[");
        for (int i = 1; i <= 5; i++)
        {
            json.Append(i > 1 ? "," : string.Empty)
                .Append(DescriptorJson("application/vnd.oci.image.layer.v1.tar+gzip", i, 1_000_000L * i + 4242));
        }

        json.Append("],\"annotations\":{\"org.opencontainers.image.created\":\"2025-01-01T00:00:00Z\",")
            .Append("\"org.opencontainers.image.source\":\"https://example.com/echo-service\"}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>An OCI image index with <paramref name="entries"/> platform manifests (about 220 bytes each).</summary>
    public static byte[] Index(int entries)
    {
        StringBuilder json = new();
        json.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(OciIndexType).Append("\",\"manifests\":[");
        for (int i = 0; i < entries; i++)
        {
            string descriptor = DescriptorJson(OciManifestType, 100 + i, 7000 + i);
            json.Append(i > 0 ? "," : string.Empty)
                .Append(descriptor, 0, descriptor.Length - 1)
                .Append(",\"platform\":{\"architecture\":\"").Append(Architectures[i % Architectures.Length])
                .Append("\",\"os\":\"linux\",\"variant\":\"v").Append((i % 8).ToString(CultureInfo.InvariantCulture)).Append("\"}}");
        }

        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>A stable, distinct digest per seed.</summary>
    public static Digest DigestOf(int seed) => Digest.Sha256Of(BitConverter.GetBytes(seed));

    private static string DescriptorJson(string mediaType, int seed, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{DigestOf(seed)}\",\"size\":{size}}}");
}
