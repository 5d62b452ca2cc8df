using System.Net;
using System.Net.Http.Headers;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.ObjectStores;

/// <summary>
/// <c>BlobRedirect=true</c> on the real <c>floe serve</c> with its blobs in Ceph's S3 gateway or Azurite: a
/// blob <c>GET</c> that passes authorization answers <c>307</c> to a pre-signed (S3) or SAS (Azure) URL of
/// the store, and docker, podman and skopeo pull through it with the bytes they pushed. On the filesystem
/// store the setting stops the start with one line.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
[Trait("MetadataStore", "blob-store")]
public sealed class BlobRedirectTests : IAsyncLifetime
{
    private const string Repository = "redir_db/redir_schema/redir_repo";
    private readonly DockerDaemon _daemon;
    private readonly string _prefix = TestObjectStores.NewPrefix();
    private readonly ScratchDirectory _scratch = ScratchDirectory.Create("frdr");
    private FloeProcess? _floe;

    public BlobRedirectTests(DockerDaemon daemon)
    {
        _daemon = daemon;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_floe is not null)
        {
            await _floe.DisposeAsync();
        }

        await _scratch.DeleteAsync();
        TestObjectStores.DeleteS3Prefix(_prefix);
        TestObjectStores.DeleteAzurePrefix(_prefix);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Pull_BlobRedirectOn_DockerPodmanAndSkopeoFollowTheStoreUrl(string store)
    {
        Dictionary<string, string> settings = (store == "s3" ? TestObjectStores.S3Settings(_prefix) : TestObjectStores.AzureSettings(_prefix))
            .ToDictionary(pair => "FLOE_" + pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);
        settings["FLOE_BLOBREDIRECT"] = "true";
        _floe = await FloeProcess.StartAsync(settings, Repository);
        string image = $"{_floe.AccountHost}/{Repository}/app:v1";
        string content = $"served by the object store {Guid.NewGuid()}\n";
        using DockerClient docker = _daemon.NewClient();
        Assert.Equal(0, (await docker.LoginAsync(_floe.AccountHost, "ADMIN", FloeProcess.AdminPassword)).ExitCode);
        await docker.BuildAsync(image, content);
        await docker.CheckedAsync("push", image);
        (string manifestDigest, string layer) = await ManifestAndLayerAsync();

        // The node answers a GET that passed authorization with the store's URL, never with the bytes.
        using HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _floe.BaseAddress };
        string token = await _floe.RegistryTokenAsync($"repository:{Repository}/app:pull");
        using HttpRequestMessage get = new(HttpMethod.Get, $"/v2/{Repository}/app/blobs/{layer}");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage redirected = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Uri location = redirected.Headers.Location!;
        Assert.Equal(StoreAuthority(store), location.GetLeftPart(UriPartial.Authority));
        Assert.Contains(layer[7..], location.AbsolutePath, StringComparison.Ordinal);
        using HttpResponseMessage anonymous = await http.GetAsync($"/v2/{Repository}/app/blobs/{layer}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Repository}/app/blobs/{layer}");
        head.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage headed = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headed.StatusCode);

        await docker.CheckedAsync("rmi", image);
        await docker.CheckedAsync("pull", image);
        Assert.Equal(content, await docker.ReadFileAsync(image));

        await using PodmanStore podman = await PodmanStore.CreateAsync();
        Assert.Equal(0, (await podman.LoginAsync(_floe.AccountHost, "ADMIN", FloeProcess.AdminPassword)).ExitCode);
        await podman.PodmanCheckedAsync("pull", "--tls-verify=false", image);
        Assert.Equal(manifestDigest, (await podman.PodmanCheckedAsync("image", "inspect", "--format", "{{.Digest}}", image)).Trim());

        string pulled = _scratch.Combine("skopeo");
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false", "--src-creds", FloeProcess.AdminCredentials, $"docker://{image}", $"oci:{pulled}:v1");
        Assert.True(File.Exists(Path.Combine(pulled, "blobs", "sha256", layer[7..])));
    }

    [Fact]
    public async Task Serve_BlobRedirectOnFilesystem_OneLineAndExitCode2()
    {
        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["FLOE_BLOBREDIRECT"] = "true",
            ["FLOE_ADMIN_PASSWORD"] = "startup-admin-1",
        };
        string dataDir = _scratch.Combine("data");

        Tool.Run serve = await FloeBinary.RunAsync(settings, "serve", "--listen", "http://127.0.0.1:0", "--data-dir", dataDir);

        Assert.Equal(2, serve.ExitCode);
        string line = Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("BlobRedirect needs BlobStore 's3' or 'azure'", line, StringComparison.Ordinal);
    }

    /// <summary>The digests of the pushed manifest and of its one layer, as the registry stores them (what <c>docker push</c> sent).</summary>
    private async Task<(string Manifest, string Layer)> ManifestAndLayerAsync()
    {
        string token = await _floe!.RegistryTokenAsync($"repository:{Repository}/app:pull");
        using HttpClient http = _floe.CreateClient();
        using HttpRequestMessage request = new(HttpMethod.Get, $"/v2/{Repository}/app/manifests/v1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using HttpResponseMessage response = await http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        using System.Text.Json.JsonDocument manifest = System.Text.Json.JsonDocument.Parse(body);
        return (RegistryHttpClient.DigestOf(body), manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!);
    }

    private static string StoreAuthority(string store)
    {
        string? endpoint = store == "s3"
            ? TestObjectStores.S3Settings("x/")["S3Endpoint"]
            : TestObjectStores.AzureSettings("x/")["AzureConnectionString"].Split(';').Single(part => part.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..];
        return new Uri(endpoint).GetLeftPart(UriPartial.Authority);
    }
}
