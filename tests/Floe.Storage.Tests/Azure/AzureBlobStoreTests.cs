using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Storage.Azure;
using Floe.Storage.Tests.Blobs;
using Floe.Testing;

namespace Floe.Storage.Tests.Azure;

/// <summary>
/// The contract on Azurite, the Azure Blob emulator (see <see cref="TestObjectStores"/>), each test under a
/// name prefix of its own, plus an upload continued by another node and the start-up probe.
/// </summary>
public sealed class AzureBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _prefix = TestObjectStores.NewPrefix();

    public void Dispose() => TestObjectStores.DeleteAzurePrefix(_prefix);

    protected override IBlobStore CreateStore() => CreateStore(TestObjectStores.AzureOptions(_prefix));

    /// <summary>Upload ids with any blob left: a state, or a data blob (committed or with staged blocks only).</summary>
    protected override IReadOnlyList<string> ListUploadLeftovers()
    {
        string uploads = _prefix + "uploads/";
        return [.. TestObjectStores.ListAzureNames(uploads).Select(name => name[uploads.Length..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal)];
    }

    private static AzureBlobStore CreateStore(AzureBlobStoreOptions options) =>
        new(AzureBlobServiceCollectionExtensions.CreateContainerClient(options), options);

    [Fact]
    public async Task CommitAsync_OneMebibyteChunksOnTwoNodes_CommitsTheConcatenation()
    {
        IBlobStore[] nodes = [CreateStore(), CreateStore()];
        byte[] whole = Pattern(6 << 20, seed: 5);
        string id = await StartAsync(nodes[0]);
        for (int i = 0; i < 6; i++)
        {
            byte[] chunk = whole[(i << 20)..((i + 1) << 20)];
            Assert.Equal(new AppendResult(AppendStatus.Appended, (i + 1L) << 20), await AppendAsync(nodes[i % 2], id, (long)i << 20, chunk));
        }

        Digest digest = Digest.Sha256Of(whole);
        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, whole.Length)), await nodes[1].CommitAsync(id, digest, None));
        Assert.Equal(whole, await ReadAllAsync(nodes[0], digest));
        Assert.Empty(ListUploadLeftovers());
    }

    [Fact]
    public async Task ProbeAsync_ReachableContainer_Returns()
    {
        await ((IBlobStoreProbe)CreateStore()).ProbeAsync(None);
    }

    [Fact]
    public async Task ProbeAsync_MissingContainer_SaysTheContainerDoesNotExist()
    {
        AzureBlobStore store = CreateStore(TestObjectStores.AzureOptions(_prefix) with { Container = "floe-no-such-container" });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.Contains("container 'floe-no-such-container'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_WrongAccountKey_SaysTheCredentialsWereRefused()
    {
        AzureBlobStoreOptions options = TestObjectStores.AzureOptions(_prefix);
        string wrongKey = Convert.ToBase64String(new byte[64]);
        string connectionString = string.Join(';', options.ConnectionString.Split(';')
            .Select(part => part.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + wrongKey : part));
        AzureBlobStore store = CreateStore(options with { ConnectionString = connectionString });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_SaysItCannotReachTheStore()
    {
        AzureBlobStoreOptions options = TestObjectStores.AzureOptions(_prefix);
        string connectionString = string.Join(';', options.ConnectionString.Split(';')
            .Select(part => part.StartsWith("BlobEndpoint=", StringComparison.Ordinal) ? "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1" : part));
        AzureBlobStore store = CreateStore(options with { ConnectionString = connectionString });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.StartsWith("cannot reach container 'floe-tests' at http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatAsync_NothingListening_FailureIsClassifiedUnavailable()
    {
        AzureBlobStoreOptions options = TestObjectStores.AzureOptions(_prefix);
        string connectionString = string.Join(';', options.ConnectionString.Split(';')
            .Select(part => part.StartsWith("BlobEndpoint=", StringComparison.Ordinal) ? "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1" : part));
        AzureBlobStore store = CreateStore(options with { ConnectionString = connectionString });

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => store.StatAsync(Digest.Sha256Of(Bytes("x")), None).AsTask());

        Assert.Equal(StorageFault.Unavailable, ClassifyChain(error));
    }

    [Fact]
    public async Task AppendAsync_CredentialsRefused_FailureIsClassifiedUnavailable()
    {
        IBlobStore good = CreateStore();
        string id = await StartAsync(good);
        AzureBlobStoreOptions options = TestObjectStores.AzureOptions(_prefix);
        string connectionString = string.Join(';', options.ConnectionString.Split(';')
            .Select(part => part.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + Convert.ToBase64String(new byte[64]) : part));
        AzureBlobStore refused = CreateStore(options with { ConnectionString = connectionString });

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => AppendAsync(refused, id, 0, Bytes("x")));

        Assert.Equal(StorageFault.Unavailable, ClassifyChain(error));
    }

    /// <summary>As the server does: the first fault the exception or one it wraps reports.</summary>
    private static StorageFault? ClassifyChain(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (new AzureStorageFaults().Classify(current) is { } fault)
            {
                return fault;
            }
        }

        return null;
    }
    [Fact]
    public async Task AppendAsync_BodyCutOffWhileSeveralBlocksAreInFlight_SizeUnchangedAndRetryCommits()
    {
        // Blocks of 1 MiB, three staged at once: the body breaks after more than three were handed off.
        IBlobStore store = CreateStore(TestObjectStores.AzureOptions(_prefix) with { BlockSize = 1 << 20, UploadConcurrency = 3 });
        string id = await StartAsync(store);
        byte[] first = Pattern((1 << 20) + 17, seed: 1);
        await AppendAsync(store, id, 0, first);

        await using (BrokenStream broken = new(Pattern((5 << 20) + 5, seed: 2)))
        {
            await Assert.ThrowsAsync<IOException>(async () => await store.AppendAsync(id, first.Length, broken, None));
        }

        Assert.Equal(first.Length, await store.GetUploadSizeAsync(id, None));
        byte[] rest = Pattern((4 << 20) + 3, seed: 3);
        Assert.Equal(new AppendResult(AppendStatus.Appended, first.Length + rest.Length), await AppendAsync(store, id, first.Length, rest));
        byte[] whole = [.. first, .. rest];
        Assert.Equal(CommitStatus.Committed, (await CreateStore().CommitAsync(id, Digest.Sha256Of(whole), None)).Status);
        Assert.Equal(whole, await ReadAllAsync(store, Digest.Sha256Of(whole)));
        Assert.Empty(ListUploadLeftovers());
    }

    [Fact]
    public async Task DownloadUri_CommittedBlob_ReadsItsBytesWithoutCredentials()
    {
        AzureBlobStore store = CreateStore(TestObjectStores.AzureOptions(_prefix));
        byte[] content = Pattern((1 << 20) + 7, seed: 8);
        BlobInfo blob = await PushAsync(store, content);

        Uri url = store.DownloadUri(blob.Digest, TimeSpan.FromMinutes(5));

        using HttpClient http = new();
        Assert.Equal(content, await http.GetByteArrayAsync(url, None));
    }

    [Fact]
    public async Task DownloadUri_SignatureUsedForAnotherBlob_IsRefusedByTheStore()
    {
        AzureBlobStore store = CreateStore(TestObjectStores.AzureOptions(_prefix));
        BlobInfo granted = await PushAsync(store, Bytes("granted"));
        BlobInfo other = await PushAsync(store, Bytes("other"));

        Uri url = store.DownloadUri(granted.Digest, TimeSpan.FromMinutes(5));
        Uri forged = new(url.AbsoluteUri.Replace(granted.Digest.Hex, other.Digest.Hex, StringComparison.Ordinal));

        using HttpClient http = new();
        using HttpResponseMessage response = await http.GetAsync(forged, None);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }
}
