using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// Pushes OCI content the way any registry client does, over the real HTTP API (monolithic blob
/// uploads, manifests by digest or tag) with the bootstrap admin's registry token: images with a config
/// (platform, entrypoint, labels), an index over them, and a referrer (a signature) of the index.
/// </summary>
public sealed class ImagePusher(FloeProcess floe, string repositoryPath, string image)
{
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    private string Name => repositoryPath + "/" + image;

    /// <summary>An image for <paramref name="architecture"/>: its manifest's digest and size.</summary>
    public async Task<(string Digest, long Size)> PushImageAsync(
        string architecture, string? tag = null, JsonObject? labels = null, JsonObject? annotations = null)
    {
        byte[] layer = RandomNumberGenerator.GetBytes(4096 + architecture.Length * 1000);
        string layerDigest = await PushBlobAsync(layer);
        byte[] config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["Entrypoint"] = new JsonArray("/usr/bin/app", "--serve"),
                ["Labels"] = labels ?? new JsonObject { ["org.opencontainers.image.title"] = "app" },
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layerDigest) },
        }.ToJsonString());
        string configDigest = await PushBlobAsync(config);
        JsonObject manifest = new()
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.Length),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, layer.Length)),
        };
        if (annotations is not null)
        {
            manifest["annotations"] = annotations;
        }

        return await PushManifestAsync(manifest, ManifestMediaType, tag);
    }

    /// <summary>An index over images of the given architectures, tagged <paramref name="tag"/>.</summary>
    public async Task<(string Digest, long Size)> PushIndexAsync(string tag, JsonObject? annotations, params string[] architectures)
    {
        JsonArray manifests = [];
        foreach (string architecture in architectures)
        {
            (string digest, long size) = await PushImageAsync(architecture);
            JsonObject descriptor = Descriptor(ManifestMediaType, digest, size);
            descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            manifests.Add(descriptor);
        }

        JsonObject index = new() { ["schemaVersion"] = 2, ["mediaType"] = IndexMediaType, ["manifests"] = manifests };
        if (annotations is not null)
        {
            index["annotations"] = annotations;
        }

        return await PushManifestAsync(index, IndexMediaType, tag);
    }

    /// <summary>A signature-typed artifact whose subject is <paramref name="subjectDigest"/>.</summary>
    public async Task<string> PushReferrerAsync(string subjectDigest, long subjectSize, string subjectMediaType)
    {
        byte[] empty = "{}"u8.ToArray();
        string emptyDigest = await PushBlobAsync(empty);
        byte[] payload = Encoding.UTF8.GetBytes("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subjectDigest + "\"}}}");
        string payloadDigest = await PushBlobAsync(payload);
        JsonObject manifest = new()
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["artifactType"] = SignatureType,
            ["config"] = Descriptor("application/vnd.oci.empty.v1+json", emptyDigest, empty.Length),
            ["layers"] = new JsonArray(Descriptor("application/vnd.dev.cosign.simplesigning.v1+json", payloadDigest, payload.Length)),
            ["subject"] = Descriptor(subjectMediaType, subjectDigest, subjectSize),
            ["annotations"] = new JsonObject { ["dev.sigstore.cosign/signer"] = "ci@example.com" },
        };
        return (await PushManifestAsync(manifest, ManifestMediaType, null)).Digest;
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private async Task<string> PushBlobAsync(byte[] blob)
    {
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        using HttpClient client = await ClientAsync();
        using ByteArrayContent content = new(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"blob upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return digest;
    }

    private async Task<(string Digest, long Size)> PushManifestAsync(JsonObject manifest, string mediaType, string? tag)
    {
        byte[] body = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        using HttpClient client = await ClientAsync();
        using ByteArrayContent content = new(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using HttpResponseMessage response = await client.PutAsync($"/v2/{Name}/manifests/{tag ?? digest}", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"manifest push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (digest, body.Length);
    }

    private string? _token;

    private async Task<HttpClient> ClientAsync()
    {
        _token ??= await floe.RegistryTokenAsync($"repository:{Name}:pull,push");
        HttpClient client = floe.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }
}
