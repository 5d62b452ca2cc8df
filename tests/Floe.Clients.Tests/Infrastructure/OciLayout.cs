using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>An OCI image layout on disk, built with the real <c>umoci</c>.</summary>
public sealed class OciLayout : IDisposable
{
    private OciLayout(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static async Task<OciLayout> InitAsync()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "floe-layout-" + Guid.NewGuid().ToString("N"));
        await Tool.CheckedAsync("umoci", "init", "--layout", path);
        return new OciLayout(path);
    }

    /// <summary>
    /// Builds an image with one file whose content names the architecture, tagged <paramref name="tag"/>;
    /// each of <paramref name="moreLayers"/> more layers adds a file of that many random bytes.
    /// </summary>
    public async Task AddImageAsync(string tag, string architecture, params int[] moreLayers)
    {
        string image = $"{Path}:{tag}";
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"floe-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, $"hello from {architecture} {Guid.NewGuid()}\n");
        try
        {
            await Tool.CheckedAsync("umoci", "new", "--image", image);
            await Tool.CheckedAsync("umoci", "insert", "--image", image, file, "/hello.txt");
            for (int layer = 0; layer < moreLayers.Length; layer++)
            {
                await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(moreLayers[layer]));
                await Tool.CheckedAsync("umoci", "insert", "--image", image, file, $"/layer-{layer}.bin");
            }

            await Tool.CheckedAsync("umoci", "config", "--image", image, "--os", "linux", "--architecture", architecture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Writes an OCI image index over the given tags' manifests and tags it <paramref name="tag"/>.</summary>
    public async Task AddIndexAsync(string tag, params string[] childTags)
    {
        JsonArray manifests = [];
        foreach (string child in childTags)
        {
            JsonObject descriptor = Descriptor(child);
            JsonObject config = (ParseJson(await ReadBlobAsync(descriptor["digest"]!.GetValue<string>())))["config"]!.AsObject();
            JsonObject configBlob = ParseJson(await ReadBlobAsync(config["digest"]!.GetValue<string>()));
            manifests.Add(new JsonObject
            {
                ["mediaType"] = descriptor["mediaType"]!.GetValue<string>(),
                ["digest"] = descriptor["digest"]!.GetValue<string>(),
                ["size"] = descriptor["size"]!.GetValue<long>(),
                ["platform"] = new JsonObject { ["architecture"] = configBlob["architecture"]!.GetValue<string>(), ["os"] = "linux" },
            });
        }

        byte[] index = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = manifests,
        }.ToJsonString());
        string hex = Convert.ToHexStringLower(SHA256.HashData(index));
        await File.WriteAllBytesAsync(System.IO.Path.Combine(Path, "blobs", "sha256", hex), index);
        JsonObject layoutIndex = ParseJson(await File.ReadAllBytesAsync(IndexPath));
        layoutIndex["manifests"]!.AsArray().Add(new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["digest"] = "sha256:" + hex,
            ["size"] = index.Length,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
        });
        await File.WriteAllTextAsync(IndexPath, layoutIndex.ToJsonString());
    }

    /// <summary>The bytes of the manifest (or index) a tag points at.</summary>
    public async Task<byte[]> ManifestBytesAsync(string tag) => await ReadBlobAsync(Descriptor(tag)["digest"]!.GetValue<string>());

    public Task<byte[]> ReadBlobAsync(string digest)
    {
        string[] parts = digest.Split(':');
        return File.ReadAllBytesAsync(System.IO.Path.Combine(Path, "blobs", parts[0], parts[1]));
    }

    /// <summary>Every blob digest in the layout.</summary>
    public IReadOnlyList<string> BlobDigests() =>
        [.. Directory.EnumerateFiles(System.IO.Path.Combine(Path, "blobs", "sha256")).Select(f => "sha256:" + System.IO.Path.GetFileName(f))];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private string IndexPath => System.IO.Path.Combine(Path, "index.json");

    private JsonObject Descriptor(string tag)
    {
        JsonObject index = JsonNode.Parse(File.ReadAllText(IndexPath))!.AsObject();
        return index["manifests"]!.AsArray()
            .Select(m => m!.AsObject())
            .Last(m => m["annotations"]?["org.opencontainers.image.ref.name"]?.GetValue<string>() == tag);
    }

    private static JsonObject ParseJson(byte[] bytes) => JsonNode.Parse(bytes)!.AsObject();
}
