using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Core.Content;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>Small helpers that speak the distribution protocol to a test registry.</summary>
public static class OciClient
{
    public const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndexType = "application/vnd.oci.image.index.v1+json";

    public static Digest DigestOf(byte[] content) => Digest.Sha256Of(content);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Pushes a blob with a POST then a PUT and asserts it was created.</summary>
    public static async Task<Digest> PushBlobAsync(this HttpClient client, string name, byte[] content)
    {
        HttpResponseMessage start = await client.PostAsync($"/v2/{name}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Digest digest = DigestOf(content);
        string location = start.Headers.Location!.OriginalString;
        string separator = location.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using ByteArrayContent body = new(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage put = await client.PutAsync($"{location}{separator}digest={digest}", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return digest;
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(this HttpClient client, string name, string reference, byte[] manifest, string mediaType = OciManifestType)
    {
        using ByteArrayContent body = new(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PutAsync($"/v2/{name}/manifests/{reference}", body);
    }

    /// <summary>Pushes a config and one layer, and returns an OCI image manifest over them (not yet pushed).</summary>
    public static async Task<byte[]> PrepareImageAsync(this HttpClient client, string name, string layerText, string? subject = null, string? artifactType = null)
    {
        byte[] config = Bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"layer\":\"" + layerText + "\"}");
        byte[] layer = Bytes(layerText);
        Digest configDigest = await client.PushBlobAsync(name, config);
        Digest layerDigest = await client.PushBlobAsync(name, layer);
        return ImageManifest(configDigest, config.Length, layerDigest, layer.Length, subject, artifactType);
    }

    public static byte[] ImageManifest(Digest config, long configSize, Digest layer, long layerSize, string? subject = null, string? artifactType = null)
    {
        StringBuilder json = new();
        json.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(OciManifestType).Append('"');
        if (artifactType is not null)
        {
            json.Append(",\"artifactType\":\"").Append(artifactType).Append('"');
        }

        json.Append(",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"").Append(config).Append("\",\"size\":").Append(configSize).Append('}');
        json.Append(",\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"").Append(layer).Append("\",\"size\":").Append(layerSize).Append("}]");
        if (subject is not null)
        {
            json.Append(",\"subject\":").Append(subject);
        }

        json.Append(",\"annotations\":{\"org.example.layer\":\"").Append(layerText(layer)).Append("\"}}");
        return Bytes(json.ToString());

        static string layerText(Digest d) => d.Hex[..12];
    }

    public static string DescriptorJson(string mediaType, byte[] content) =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{DigestOf(content)}\",\"size\":{content.Length}}}";

    /// <summary>The <c>code</c> of the first error in an OCI error envelope.</summary>
    public static async Task<string> ErrorCodeAsync(this HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("errors")[0].GetProperty("code").GetString()!;
    }

    public static async Task<string> ErrorMessageAsync(this HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()!;
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
