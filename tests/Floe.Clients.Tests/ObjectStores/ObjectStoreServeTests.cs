using System.Net;
using System.Security.Cryptography;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.ObjectStores;

/// <summary>
/// The real <c>floe serve</c> with its blobs in an object store: Ceph's S3 gateway (<c>BlobStore=s3</c>)
/// or Azurite (<c>BlobStore=azure</c>), each server under a key prefix of its own in the test bucket
/// (<see cref="TestObjectStores"/>). skopeo pushes a multi-arch image and pulls it back byte-exact; an
/// upload started on one node is continued and completed on another; a bucket that is missing stops
/// the start with one line.
/// </summary>
[Trait("MetadataStore", "blob-store")]
public sealed class ObjectStoreServeTests : IAsyncLifetime
{
    private const string Repository = "obj_db/obj_schema/obj_repo";
    private readonly string _prefix = TestObjectStores.NewPrefix();
    private readonly List<FloeProcess> _servers = [];
    private readonly ScratchDirectory _scratch = ScratchDirectory.Create("fobj");
    private TestMetadataDatabase? _database;
    private OciLayout _layout = null!;

    public async Task InitializeAsync()
    {
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("amd64", "amd64");
        await _layout.AddImageAsync("arm64", "arm64");
        await _layout.AddIndexAsync("multi", "amd64", "arm64");
    }

    public async Task DisposeAsync()
    {
        foreach (FloeProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        _layout.Dispose();
        _database?.Dispose();
        await _scratch.DeleteAsync();
        TestObjectStores.DeleteS3Prefix(_prefix);
        TestObjectStores.DeleteAzurePrefix(_prefix);
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task SkopeoCopyAll_MultiArchIndex_PulledBackByteExactFromTheObjectStore(string store)
    {
        FloeProcess floe = await StartAsync(store, Settings(store), Repository);
        string reference = $"docker://{floe.Host}/{Repository}/multi:latest";

        await Skopeo("copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:multi", reference);
        string pulled = _scratch.Combine("pulled");
        await Skopeo("copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--src-creds", FloeProcess.AdminCredentials, reference, $"oci:{pulled}:latest");

        string[] blobs = Directory.GetFiles(Path.Combine(pulled, "blobs", "sha256"));
        Assert.Equal(7, blobs.Length); // index + 2 × (manifest, config, layer)
        foreach (string blob in blobs)
        {
            Assert.Equal(await _layout.ReadBlobAsync("sha256:" + Path.GetFileName(blob)), await File.ReadAllBytesAsync(blob));
        }

        // The layers and configs are in the object store, nowhere else; no upload is left there.
        List<string> stored = StoredNames(store);
        Assert.Equal(4, stored.Count(name => name.StartsWith(_prefix + "blobs/sha256/", StringComparison.Ordinal)));
        Assert.DoesNotContain(stored, name => name.StartsWith(_prefix + "uploads/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(floe.DataDir, "storage", "blobs", "sha256")) && Directory.EnumerateFileSystemEntries(Path.Combine(floe.DataDir, "storage", "blobs", "sha256")).Any());
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task ChunkedPush_ChunksAlternateBetweenTwoNodes_CommittedOnTheSecondAndServedByTheFirst(string store)
    {
        // Two nodes of one deployment: one PostgreSQL database, one object store, no shared disk.
        _database = TestMetadataDatabase.CreatePostgres();
        Dictionary<string, string> settings = Settings(store);
        foreach ((string name, string value) in _database.EnvironmentVariables)
        {
            settings[name] = value;
        }

        FloeProcess nodeA = await StartAsync(store, settings, Repository);
        FloeProcess nodeB = await StartAsync(store, settings);
        string image = Repository + "/chunked";
        using RegistryHttpClient clientA = new(nodeA, "ADMIN", FloeProcess.AdminPassword);
        using RegistryHttpClient clientB = new(nodeB, "ADMIN", FloeProcess.AdminPassword);
        await clientA.AuthorizeAsync(CancellationToken.None, $"repository:{image}:pull,push");
        await clientB.AuthorizeAsync(CancellationToken.None, $"repository:{image}:pull,push");
        byte[] content = RandomNumberGenerator.GetBytes(6 << 20);
        const int Chunk = 1 << 20;

        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{image}/blobs/uploads/");
        using HttpResponseMessage started = await clientA.SendAsync(post, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        string location = started.Headers.Location!.OriginalString;
        for (int offset = 0, i = 0; offset < content.Length; offset += Chunk, i++)
        {
            RegistryHttpClient node = i % 2 == 0 ? clientB : clientA;
            using HttpResponseMessage patched = await node.PatchAsync(location, content[offset..(offset + Chunk)], offset, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
            location = patched.Headers.Location?.OriginalString ?? location;
        }

        string digest = RegistryHttpClient.DigestOf(content);
        using HttpResponseMessage committed = await clientB.PutUploadAsync(location, digest, null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Created, committed.StatusCode);

        (HttpStatusCode status, byte[] body, string? served) = await clientA.ReadAsync($"/v2/{image}/blobs/{digest}", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(digest, served);
        Assert.Equal(content, body);
    }

    [Theory]
    [InlineData("s3", "S3Bucket", "floe-no-such-bucket", "bucket 'floe-no-such-bucket'")]
    [InlineData("azure", "AzureContainer", "floe-no-such-container", "container 'floe-no-such-container'")]
    public async Task Serve_BucketMissing_OneLineAndExitCode2(string store, string key, string missing, string named)
    {
        Dictionary<string, string> settings = Settings(store);
        settings["FLOE_" + key.ToUpperInvariant()] = missing;
        settings["FLOE_ADMIN_PASSWORD"] = "startup-admin-1";
        string dataDir = _scratch.Combine("data");

        Tool.Run serve = await FloeBinary.RunAsync(settings, "serve", "--listen", "http://127.0.0.1:0", "--data-dir", dataDir);

        Assert.Equal(2, serve.ExitCode);
        string line = Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("blob store: " + named, line, StringComparison.Ordinal);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public async Task Serve_S3CommitLeftIncompleteByAStoppedNode_DiscardedByTheHousekeeper()
    {
        // A node killed while assembling a blob leaves a multipart upload on the blob's key, its parts
        // stored (and billed) until aborted; the next node's housekeeping discards it once older than
        // UploadIdleTimeout. A multipart upload elsewhere in the bucket is not the store's and stays.
        string left = _prefix + "blobs/sha256/ab/" + new string('a', 64);
        string foreign = _prefix[..^1] + "-other/backup.tar";
        TestObjectStores.StartS3MultipartUpload(left);
        TestObjectStores.StartS3MultipartUpload(foreign);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            Dictionary<string, string> settings = Settings("s3");
            settings["FLOE_UPLOADIDLETIMEOUT"] = "00:00:01";
            settings["FLOE_UPLOADSWEEPINTERVAL"] = "00:00:01";

            FloeProcess floe = await StartAsync("s3", settings, Repository);

            const string Logged = "Discarded 1 incomplete commit(s)";
            for (int i = 0; i < 100 && !floe.Output.Contains(Logged, StringComparison.Ordinal); i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            Assert.Contains(Logged, floe.Output, StringComparison.Ordinal);
            Assert.Empty(TestObjectStores.ListS3MultipartUploads(_prefix));
            Assert.Equal([foreign], TestObjectStores.ListS3MultipartUploads(_prefix[..^1] + "-other/"));
        }
        finally
        {
            TestObjectStores.DeleteS3Prefix(_prefix[..^1] + "-other/");
        }
    }

    private Dictionary<string, string> Settings(string store) =>
        (store == "s3" ? TestObjectStores.S3Settings(_prefix) : TestObjectStores.AzureSettings(_prefix))
            .ToDictionary(pair => "FLOE_" + pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);

    private List<string> StoredNames(string store) =>
        store == "s3" ? TestObjectStores.ListS3Keys(_prefix) : TestObjectStores.ListAzureNames(_prefix);

    private async Task<FloeProcess> StartAsync(string store, Dictionary<string, string> settings, params string[] repositories)
    {
        Assert.Equal(store, settings["FLOE_BLOBSTORE"]);
        FloeProcess server = await FloeProcess.StartAsync(settings, repositories);
        _servers.Add(server);
        return server;
    }

    private static Task<string> Skopeo(params string[] arguments) => Tool.CheckedAsync("skopeo", ["--insecure-policy", .. arguments]);

    [Fact]
    public async Task Push_ObjectStoreStoppedWhileServing_Answers503UnavailableWithRetryAfter()
    {
        (string connectionString, string directory) = TestObjectStores.StartPrivateAzurite();
        try
        {
            Dictionary<string, string> settings = Settings("azure");
            settings["FLOE_AZURECONNECTIONSTRING"] = connectionString;
            FloeProcess floe = await StartAsync("azure", settings, Repository);
            string image = Repository + "/stopped";
            using RegistryHttpClient client = new(floe, "ADMIN", FloeProcess.AdminPassword);
            await client.AuthorizeAsync(CancellationToken.None, $"repository:{image}:pull,push");
            using (HttpResponseMessage before = await client.PushBlobAsync(image, [1, 2, 3], BlobPushMode.Monolithic, CancellationToken.None))
            {
                Assert.Equal(HttpStatusCode.Created, before.StatusCode);
            }

            TestObjectStores.StopPrivateAzurite(directory);

            using HttpResponseMessage after = await client.PushBlobAsync(image, [4, 5, 6], BlobPushMode.Monolithic, CancellationToken.None);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
            Assert.NotNull(after.Headers.RetryAfter);
            Assert.Contains("\"UNAVAILABLE\"", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            TestObjectStores.StopPrivateAzurite(directory);
        }
    }
}
