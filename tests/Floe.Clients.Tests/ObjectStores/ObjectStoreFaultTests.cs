using System.Net;
using System.Text.RegularExpressions;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.ObjectStores;

/// <summary>
/// The real <c>floe serve</c> when its object store fails it: a store stopped while the server runs
/// makes <c>/readyz</c> answer 503 (a load balancer takes the node out) and blob requests answer the
/// registry protocol's <c>UNAVAILABLE</c> error with <c>Retry-After</c>, never a 500 or a stack trace;
/// credentials the store refuses stop the start with one line naming the store and the settings.
/// Each test that stops a store runs one of its own (Ceph's S3 gateway or Azurite).
/// </summary>
[Trait("MetadataStore", "blob-store")]
public sealed partial class ObjectStoreFaultTests : IAsyncLifetime
{
    private const string Image = "fault_db/fault_schema/fault_repo/app";
    private readonly string _prefix = TestObjectStores.NewPrefix();
    private readonly ScratchDirectory _scratch = ScratchDirectory.Create("fobf");
    private FloeProcess? _floe;
    private Action? _stopStore;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_floe is not null)
        {
            await _floe.DisposeAsync();
        }

        _stopStore?.Invoke();
        await _scratch.DeleteAsync();
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task ObjectStoreStoppedWhileServing_ReadyzAnswers503AndBlobRequestsAnswerUnavailable(string store)
    {
        Dictionary<string, string> settings = StartPrivateStore(store);
        _floe = await FloeProcess.StartAsync(settings, "fault_db/fault_schema/fault_repo");
        using RegistryHttpClient client = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await client.AuthorizeAsync(CancellationToken.None, $"repository:{Image}:pull,push");
        byte[] content = [1, 2, 3, 4];
        string digest = RegistryHttpClient.DigestOf(content);
        using (HttpResponseMessage pushed = await client.PushBlobAsync(Image, content, BlobPushMode.Monolithic, CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        using HttpClient probe = _floe.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz")).StatusCode);

        _stopStore!();

        using HttpResponseMessage ready = await probe.GetAsync("/readyz");
        using HttpResponseMessage get = await client.GetAsync($"/v2/{Image}/blobs/{digest}", CancellationToken.None);
        using HttpResponseMessage head = await client.HeadAsync($"/v2/{Image}/blobs/{digest}", CancellationToken.None);
        using HttpResponseMessage push = await client.PushBlobAsync(Image, [5, 6, 7], BlobPushMode.Monolithic, CancellationToken.None);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        foreach (HttpResponseMessage refused in new[] { get, head, push })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        foreach (HttpResponseMessage refused in new[] { get, push })
        {
            string body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("\"UNAVAILABLE\"", body, StringComparison.Ordinal);
            Assert.DoesNotMatch(StackFrame(), body);
        }

        // One line for the operator; a probe that finds the store down is an answer, not an error in the log.
        // The server writes its log in batches: wait for the request's line before reading the output.
        for (int i = 0; i < 50 && !_floe.Output.Contains("Storage is unavailable: GET /v2/", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.StartsWith("not ready: blob store: ", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("GET /readyz", _floe.Output, StringComparison.Ordinal);
        Assert.Contains("Storage is unavailable: GET /v2/", _floe.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3", "refused the credentials (S3AccessKey, S3SecretKey)")]
    [InlineData("azure", "refused the credentials of AzureConnectionString")]
    public async Task Serve_CredentialsRefusedByTheStore_OneLineAndExitCode2(string store, string named)
    {
        Dictionary<string, string> settings = (store == "s3" ? TestObjectStores.S3Settings(_prefix) : TestObjectStores.AzureSettings(_prefix))
            .ToDictionary(pair => "FLOE_" + pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);
        if (store == "s3")
        {
            settings["FLOE_S3SECRETKEY"] = "not-the-secret-key-0123456789";
        }
        else
        {
            // A well-formed key that is not the account's.
            settings["FLOE_AZURECONNECTIONSTRING"] = AccountKey().Replace(settings["FLOE_AZURECONNECTIONSTRING"], "AccountKey=" + Convert.ToBase64String(new byte[64]) + ";");
        }

        settings["FLOE_ADMIN_PASSWORD"] = "startup-admin-1";
        string dataDir = _scratch.Combine("data");

        Tool.Run serve = await FloeBinary.RunAsync(settings, "serve", "--listen", "http://127.0.0.1:0", "--data-dir", dataDir);

        Assert.Equal(2, serve.ExitCode);
        string line = Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("blob store: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    private Dictionary<string, string> StartPrivateStore(string store)
    {
        Dictionary<string, string> settings;
        if (store == "s3")
        {
            (settings, string directory) = TestObjectStores.StartPrivateS3(_prefix);
            _stopStore = () => TestObjectStores.StopPrivateS3(directory);
        }
        else
        {
            (string connectionString, string directory) = TestObjectStores.StartPrivateAzurite();
            _stopStore = () => TestObjectStores.StopPrivateAzurite(directory);
            settings = TestObjectStores.AzureSettings(_prefix);
            settings["AzureConnectionString"] = connectionString;
        }

        return settings.ToDictionary(pair => "FLOE_" + pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);
    }

    /// <summary>A .NET stack frame line (<c>   at Namespace.Type.Method(</c>).</summary>
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex("AccountKey=[^;]*;?")]
    private static partial Regex AccountKey();
}
