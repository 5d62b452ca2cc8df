using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Storage.S3;
using Floe.Storage.Tests.Blobs;
using Floe.Testing;

namespace Floe.Storage.Tests.S3;

/// <summary>
/// The contract on a real S3 server (Ceph's RADOS Gateway; see <see cref="TestObjectStores"/>), each test
/// under a key prefix of its own, plus what only an object store shows: the parts of an upload, an upload
/// continued by another node, and the start-up probe.
/// </summary>
public sealed class S3BlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _prefix = TestObjectStores.NewPrefix();

    public void Dispose() => TestObjectStores.DeleteS3Prefix(_prefix);

    protected override IBlobStore CreateStore() => CreateStore(TestObjectStores.S3Options(_prefix));

    protected override IReadOnlyList<string> ListUploadLeftovers()
    {
        string uploads = _prefix + "uploads/";
        return [.. TestObjectStores.ListS3Keys(uploads).Select(key => key[uploads.Length..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The SDK signs each request body over plain HTTP, hashing it in small reads whose garbage comes to
    /// about 6% of the bytes sent (measured: ~930 KB for a 16 MiB part); nothing of it is retained, and a
    /// store that buffered the blob would still allocate 100%.
    /// </summary>
    protected override long AllowedAllocation(long size) => size / 8;

    private static S3BlobStore CreateStore(S3BlobStoreOptions options) =>
        new(S3BlobServiceCollectionExtensions.CreateClient(options), options);

    [Fact]
    public async Task CommitAsync_OneMebibyteChunksOnTwoNodes_CommitsTheConcatenation()
    {
        // Twelve 1 MiB chunks (what docker sends when it chunks), alternating between two stores as two
        // nodes behind a load balancer would: parts of 5 MiB are gathered from chunks neither node saw whole.
        IBlobStore[] nodes = [CreateStore(), CreateStore()];
        byte[] whole = Pattern(12 << 20, seed: 5);
        string id = await StartAsync(nodes[0]);
        for (int i = 0; i < 12; i++)
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
    public async Task AppendAsync_LargeChunk_IsStoredAsFullPartsAndATail()
    {
        IBlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { PartSize = S3BlobStoreOptions.MinimumPartSize });
        string id = await StartAsync(store);

        await AppendAsync(store, id, 0, Pattern((11 << 20) + 3, seed: 9));

        string[] objects = [.. TestObjectStores.ListS3Keys(_prefix + "uploads/" + id + "/").Select(key => key.Split('/')[^1]).Order(StringComparer.Ordinal)];
        Assert.Equal(["part-00001", "part-00002", "state"], objects.Where(name => !name.StartsWith("tail-", StringComparison.Ordinal)));
        Assert.Single(objects, name => name.StartsWith("tail-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_ReachableBucket_Returns()
    {
        await ((IBlobStoreProbe)CreateStore()).ProbeAsync(None);
    }

    [Fact]
    public async Task ProbeAsync_MissingBucket_SaysTheBucketDoesNotExist()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { Bucket = "floe-no-such-bucket" });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.Contains("bucket 'floe-no-such-bucket'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_WrongSecretKey_SaysTheCredentialsWereRefused()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { SecretKey = "not-the-secret" });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_SaysItCannotReachTheStore()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { Endpoint = "http://127.0.0.1:9" });

        BlobStoreUnavailableException error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.ProbeAsync(None).AsTask());

        Assert.StartsWith("cannot reach bucket 'floe-tests' at http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatAsync_NothingListening_FailureIsClassifiedUnavailable()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { Endpoint = "http://127.0.0.1:9" });

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => store.StatAsync(Digest.Sha256Of(Bytes("x")), None).AsTask());

        Assert.Equal(StorageFault.Unavailable, new S3StorageFaults().Classify(error));
    }

    [Fact]
    public async Task AppendAsync_CredentialsRefused_FailureIsClassifiedUnavailable()
    {
        IBlobStore good = CreateStore();
        string id = await StartAsync(good);
        S3BlobStore refused = CreateStore(TestObjectStores.S3Options(_prefix) with { SecretKey = "not-the-secret" });

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => AppendAsync(refused, id, 0, Bytes("x")));

        Assert.Equal(StorageFault.Unavailable, new S3StorageFaults().Classify(error));
    }
}
