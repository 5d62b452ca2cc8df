using System.Net;
using System.Text;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

public sealed class ManifestTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private const string DockerManifestType = "application/vnd.docker.distribution.manifest.v2+json";
    private const string DockerListType = "application/vnd.docker.distribution.manifest.list.v2+json";
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PutManifest_ByTag_AnswersCreatedWithDigestAndLocation()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "layer-a");
        Digest digest = OciClient.DigestOf(manifest);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "v1", manifest);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(digest.ToString(), put.Header("Docker-Content-Digest"));
        Assert.Equal($"/v2/{Name}/manifests/{digest}", put.Headers.Location!.OriginalString);
        Assert.Null(put.Header("OCI-Subject"));
    }

    [Fact]
    public async Task GetManifest_ByTagAndDigest_ServesExactBytesAndMediaType()
    {
        // Whitespace and key order are the client's: the registry must not re-serialize.
        byte[] manifest = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(await Client.PrepareImageAsync(Name, "layer-b")).Replace(",", " ,\n  ", StringComparison.Ordinal));
        await Client.PutManifestAsync(Name, "exact", manifest);
        Digest digest = OciClient.DigestOf(manifest);

        foreach (string reference in new[] { "exact", digest.ToString() })
        {
            HttpResponseMessage get = await Client.GetAsync($"/v2/{Name}/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());
            Assert.Equal(OciClient.OciManifestType, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest.ToString(), get.Header("Docker-Content-Digest"));
        }
    }

    [Fact]
    public async Task HeadManifest_Known_AnswersHeadersWithoutBody()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "layer-head");
        await Client.PutManifestAsync(Name, "v1", manifest);

        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Name}/manifests/v1");
        HttpResponseMessage response = await Client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(manifest.Length, response.Content.Headers.ContentLength);
        Assert.Equal(OciClient.DigestOf(manifest).ToString(), response.Header("Docker-Content-Digest"));
        Assert.Equal(OciClient.OciManifestType, response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("nosuchtag")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public async Task GetManifest_Unknown_IsManifestUnknown(string reference)
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/manifests/{reference}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutManifest_TagMoved_GetAnswersNewManifest()
    {
        byte[] first = await Client.PrepareImageAsync(Name, "first");
        byte[] second = await Client.PrepareImageAsync(Name, "second");
        await Client.PutManifestAsync(Name, "latest", first);

        await Client.PutManifestAsync(Name, "latest", second);

        Assert.Equal(second, await Client.GetByteArrayAsync($"/v2/{Name}/manifests/latest"));
        Assert.Equal(first, await Client.GetByteArrayAsync($"/v2/{Name}/manifests/{OciClient.DigestOf(first)}"));
    }

    [Fact]
    public async Task PutManifest_ByDigest_StoresWithoutTag()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "by-digest");
        Digest digest = OciClient.DigestOf(manifest);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, digest.ToString(), manifest);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(manifest, await Client.GetByteArrayAsync($"/v2/{Name}/manifests/{digest}"));
    }

    [Fact]
    public async Task PutManifest_DigestReferenceMismatch_IsDigestInvalid()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "mismatch");
        Digest other = OciClient.DigestOf(OciClient.Bytes("other"));

        HttpResponseMessage put = await Client.PutManifestAsync(Name, other.ToString(), manifest);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("DIGEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutManifest_MissingLayer_IsManifestBlobUnknownAndNotStored()
    {
        byte[] config = OciClient.Bytes("{}");
        Digest configDigest = await Client.PushBlobAsync(Name, config);
        Digest missing = OciClient.DigestOf(OciClient.Bytes("never uploaded"));
        byte[] manifest = OciClient.ImageManifest(configDigest, config.Length, missing, 14);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "broken", manifest);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await put.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v2/{Name}/manifests/broken")).StatusCode);
    }

    [Fact]
    public async Task PutManifest_LayerSizeWrong_IsManifestInvalid()
    {
        byte[] config = OciClient.Bytes("{}");
        byte[] layer = OciClient.Bytes("sized");
        Digest configDigest = await Client.PushBlobAsync(Name, config);
        Digest layerDigest = await Client.PushBlobAsync(Name, layer);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "v1", OciClient.ImageManifest(configDigest, config.Length, layerDigest, 999));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await put.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{},\"layers\":[]}")]
    [InlineData("[]")]
    public async Task PutManifest_Malformed_IsManifestInvalid(string body)
    {
        HttpResponseMessage put = await Client.PutManifestAsync(Name, "bad", OciClient.Bytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutManifest_InvalidTag_IsManifestInvalid()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "bad-tag");

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "-starts-with-dash", manifest);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutManifest_ContentTypeDisagreesWithBody_IsManifestInvalid()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "content-type");

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "v1", manifest, DockerManifestType);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutManifest_Over4MiB_Is413()
    {
        byte[] manifest = new byte[(4 * 1024 * 1024) + 1];
        Array.Fill(manifest, (byte)' ');

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "huge", manifest);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutIndex_ChildMissing_IsManifestBlobUnknown()
    {
        byte[] child = await Client.PrepareImageAsync(Name, "orphan-child");
        byte[] index = Index(OciClient.OciIndexType, OciClient.OciManifestType, child);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "multi", index, OciClient.OciIndexType);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutIndex_ChildrenPushedFirst_IsServed()
    {
        byte[] amd64 = await Client.PrepareImageAsync(Name, "amd64");
        byte[] arm64 = await Client.PrepareImageAsync(Name, "arm64");
        await Client.PutManifestAsync(Name, OciClient.DigestOf(amd64).ToString(), amd64);
        await Client.PutManifestAsync(Name, OciClient.DigestOf(arm64).ToString(), arm64);
        byte[] index = Index(OciClient.OciIndexType, OciClient.OciManifestType, amd64, arm64);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "multi", index, OciClient.OciIndexType);
        HttpResponseMessage get = await Client.GetAsync($"/v2/{Name}/manifests/multi");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(index, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(OciClient.OciIndexType, get.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PutDockerSchema2_ManifestAndList_AreServedWithTheirMediaTypes()
    {
        byte[] config = OciClient.Bytes("{\"os\":\"linux\"}");
        byte[] layer = OciClient.Bytes("docker layer");
        Digest configDigest = await Client.PushBlobAsync(Name, config);
        Digest layerDigest = await Client.PushBlobAsync(Name, layer);
        byte[] manifest = OciClient.Bytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{DockerManifestType}\",\"config\":{{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}},\"layers\":[{{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]}}");
        await Client.PutManifestAsync(Name, "docker", manifest, DockerManifestType);
        byte[] list = Index(DockerListType, DockerManifestType, manifest);

        HttpResponseMessage put = await Client.PutManifestAsync(Name, "dockerlist", list, DockerListType);
        HttpResponseMessage get = await Client.GetAsync($"/v2/{Name}/manifests/dockerlist");
        HttpResponseMessage getManifest = await Client.GetAsync($"/v2/{Name}/manifests/docker");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(DockerListType, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(DockerManifestType, getManifest.Content.Headers.ContentType!.MediaType);
        Assert.Equal(manifest, await getManifest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PutManifest_OtherImageOfRepository_DoesNotSeeTag()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "scoped");
        await Client.PutManifestAsync(Name, "v1", manifest);

        HttpResponseMessage response = await Client.GetAsync("/v2/db/sch/repo/other/manifests/v1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static byte[] Index(string indexType, string childType, params byte[][] children)
    {
        string entries = string.Join(",", children.Select((c, i) =>
            $"{{\"mediaType\":\"{childType}\",\"digest\":\"{OciClient.DigestOf(c)}\",\"size\":{c.Length},\"platform\":{{\"architecture\":\"arch{i}\",\"os\":\"linux\"}}}}"));
        return OciClient.Bytes($"{{\"schemaVersion\":2,\"mediaType\":\"{indexType}\",\"manifests\":[{entries}]}}");
    }
}
