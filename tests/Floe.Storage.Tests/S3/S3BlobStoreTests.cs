using Amazon.S3;
using Amazon.S3.Model;
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
    [Fact]
    public async Task AppendAsync_BodyCutOffWhileSeveralPartsAreInFlight_SizeUnchangedAndRetryCommits()
    {
        // Parts of 5 MiB, three sent at once: the body breaks after more than three parts were handed off.
        IBlobStore store = CreateStore(TestObjectStores.S3Options(_prefix) with { PartSize = S3BlobStoreOptions.MinimumPartSize, UploadConcurrency = 3 });
        string id = await StartAsync(store);
        byte[] first = Pattern((5 << 20) + 17, seed: 1);
        await AppendAsync(store, id, 0, first);

        await using (BrokenStream broken = new(Pattern((17 << 20) + 5, seed: 2)))
        {
            await Assert.ThrowsAsync<IOException>(async () => await store.AppendAsync(id, first.Length, broken, None));
        }

        Assert.Equal(first.Length, await store.GetUploadSizeAsync(id, None));
        byte[] rest = Pattern((16 << 20) + 3, seed: 3);
        Assert.Equal(new AppendResult(AppendStatus.Appended, first.Length + rest.Length), await AppendAsync(store, id, first.Length, rest));
        byte[] whole = [.. first, .. rest];
        Assert.Equal(CommitStatus.Committed, (await CreateStore().CommitAsync(id, Digest.Sha256Of(whole), None)).Status);
        Assert.Equal(whole, await ReadAllAsync(store, Digest.Sha256Of(whole)));
        Assert.Empty(ListUploadLeftovers());
    }

    [Fact]
    public async Task CommitAsync_SingleObjectAboveCopyObjectLimit_AssembledByMultipartCopy()
    {
        // The 5 GiB limit of CopyObject, lowered: a one-part upload above it is copied with UploadPartCopy.
        S3BlobStoreOptions options = TestObjectStores.S3Options(_prefix) with { PartSize = S3BlobStoreOptions.MinimumPartSize, CopyObjectLimit = 1 << 20 };
        IBlobStore store = CreateStore(options);
        byte[] content = Pattern(5 << 20, seed: 4);

        BlobInfo blob = await PushAsync(store, content);

        Assert.Equal(content, await ReadAllAsync(store, blob.Digest));
        Assert.EndsWith("-1\"", await ETagAsync(options, "blobs/sha256/" + blob.Digest.Hex[..2] + "/" + blob.Digest.Hex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineAsync_BlobAboveCopyObjectLimit_CopiedInRangesByteExact()
    {
        // A 12 MiB blob of 5 MiB parts, quarantined with CopyObject limited to 5 MiB: three ranged part copies.
        S3BlobStoreOptions options = TestObjectStores.S3Options(_prefix) with { PartSize = S3BlobStoreOptions.MinimumPartSize, CopyObjectLimit = S3BlobStoreOptions.MinimumPartSize };
        S3BlobStore store = CreateStore(options);
        byte[] content = Pattern((12 << 20) + 11, seed: 6);
        BlobInfo blob = await PushAsync(store, content);

        Assert.True(await store.QuarantineAsync(blob.Digest, None));

        string quarantined = "quarantine/sha256/" + blob.Digest.Hex;
        Assert.Null(await store.StatAsync(blob.Digest, None));
        Assert.EndsWith("-3\"", await ETagAsync(options, quarantined), StringComparison.Ordinal);
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(options);
        using GetObjectResponse response = await client.GetObjectAsync(options.Bucket, _prefix + quarantined, None);
        using MemoryStream read = new();
        await response.ResponseStream.CopyToAsync(read, None);
        Assert.Equal(content, read.ToArray());
    }

    [Fact]
    public async Task DownloadUri_CommittedBlob_ReadsItsBytesWithoutCredentials()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix));
        byte[] content = Pattern((1 << 20) + 7, seed: 8);
        BlobInfo blob = await PushAsync(store, content);

        Uri url = store.DownloadUri(blob.Digest, TimeSpan.FromMinutes(5));

        using HttpClient http = new();
        Assert.Equal(content, await http.GetByteArrayAsync(url, None));
    }

    [Fact]
    public async Task DownloadUri_SignatureUsedForAnotherBlob_IsRefusedByTheStore()
    {
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix));
        BlobInfo granted = await PushAsync(store, Bytes("granted"));
        BlobInfo other = await PushAsync(store, Bytes("other"));

        Uri url = store.DownloadUri(granted.Digest, TimeSpan.FromMinutes(5));
        Uri forged = new(url.AbsoluteUri.Replace(granted.Digest.Hex, other.Digest.Hex, StringComparison.Ordinal));

        using HttpClient http = new();
        using HttpResponseMessage response = await http.GetAsync(forged, None);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task DiscardIncompleteCommitsAsync_CommitsLeftByAStoppedNode_AbortedOnceOlderThanTheCutoff()
    {
        // What a node killed while assembling a blob, or while quarantining a large one, leaves behind.
        S3BlobStore store = CreateStore(TestObjectStores.S3Options(_prefix));
        TestObjectStores.StartS3MultipartUpload(_prefix + "blobs/sha256/ab/" + new string('a', 64));
        TestObjectStores.StartS3MultipartUpload(_prefix + "quarantine/sha256/" + new string('b', 64));

        int tooYoung = await store.DiscardIncompleteCommitsAsync(DateTimeOffset.UtcNow.AddHours(-1), None);
        int stillThere = TestObjectStores.ListS3MultipartUploads(_prefix).Count;
        int discarded = await store.DiscardIncompleteCommitsAsync(DateTimeOffset.UtcNow.AddMinutes(1), None);

        Assert.Equal(0, tooYoung);
        Assert.Equal(2, stillThere);
        Assert.Equal(2, discarded);
        Assert.Empty(TestObjectStores.ListS3MultipartUploads(_prefix));
    }

    [Fact]
    public async Task DiscardIncompleteCommitsAsync_MultipartUploadsOutsideTheStoresBlobKeys_AreLeftAlone()
    {
        // The bucket may hold other things beside the store: only its own blobs/ and quarantine/ keys are its commits'.
        string blobKey = "blobs/sha256/cd/" + new string('c', 64);
        TestObjectStores.StartS3MultipartUpload(_prefix + "store/backups/archive.tar");
        TestObjectStores.StartS3MultipartUpload(_prefix + "other/" + blobKey);

        int discarded = await CreateStore(TestObjectStores.S3Options(_prefix + "store/")).DiscardIncompleteCommitsAsync(DateTimeOffset.UtcNow.AddMinutes(1), None);

        Assert.Equal(0, discarded);
        Assert.Equal([_prefix + "other/" + blobKey, _prefix + "store/backups/archive.tar"], TestObjectStores.ListS3MultipartUploads(_prefix));
    }

    private async Task<string> ETagAsync(S3BlobStoreOptions options, string key)
    {
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(options);
        GetObjectMetadataResponse metadata = await client.GetObjectMetadataAsync(options.Bucket, _prefix + key, None);
        return metadata.ETag;
    }
}
