using System.Security.Cryptography;
using System.Text;
using Floe.Core.Blobs;
using Floe.Core.Content;

namespace Floe.Storage.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> backend must do. A backend's test class derives from this,
/// supplies the store and a view of its upload leftovers, and adds tests of its own.
/// Uploads, commits and reads are here; concurrency and large blobs in the other part.
/// </summary>
public abstract partial class BlobStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A store over this test's storage. Called twice, it must give two views of the same data.</summary>
    protected abstract IBlobStore CreateStore();

    /// <summary>What the backend still holds for uploads in progress (files, parts…), by upload id.</summary>
    protected abstract IReadOnlyList<string> ListUploadLeftovers();

    [Fact]
    public async Task StartUploadAsync_NewUpload_SizeIsZero()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);

        Assert.Equal(0, await store.GetUploadSizeAsync(id, None));
    }

    [Fact]
    public async Task CommitAsync_MonolithicUpload_StatAndOpenReadReturnExactBytes()
    {
        IBlobStore store = CreateStore();
        byte[] content = Bytes("a small layer");
        Digest digest = Digest.Sha256Of(content);

        string id = await StartAsync(store);
        Assert.Equal(new AppendResult(AppendStatus.Appended, 13), await AppendAsync(store, id, 0, content));
        CommitResult result = await store.CommitAsync(id, digest, None);

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 13)), result);
        Assert.Equal(new BlobInfo(digest, 13), await store.StatAsync(digest, None));
        Assert.Equal(content, await ReadAllAsync(store, digest));
    }

    [Fact]
    public async Task CommitAsync_ChunkedAppends_BlobIsTheConcatenation()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);

        Assert.Equal(new AppendResult(AppendStatus.Appended, 6), await AppendAsync(store, id, 0, Bytes("first ")));
        Assert.Equal(new AppendResult(AppendStatus.Appended, 13), await AppendAsync(store, id, 6, Bytes("second ")));
        Assert.Equal(new AppendResult(AppendStatus.Appended, 18), await AppendAsync(store, id, 13, Bytes("third")));
        Assert.Equal(18, await store.GetUploadSizeAsync(id, None));

        Digest digest = Digest.Sha256Of(Bytes("first second third"));
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(id, digest, None)).Status);
        Assert.Equal(Bytes("first second third"), await ReadAllAsync(store, digest));
    }

    [Fact]
    public async Task CommitAsync_EmptyUpload_CommitsTheEmptyBlob()
    {
        IBlobStore store = CreateStore();
        Digest empty = Digest.Parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        string id = await StartAsync(store);

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(empty, 0)), await store.CommitAsync(id, empty, None));
        Assert.Equal(new BlobInfo(empty, 0), await store.StatAsync(empty, None));
        Assert.Empty(await ReadAllAsync(store, empty));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task AppendAsync_WrongOffset_ReturnsOutOfOrderWithCurrentSize(long offset)
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, Bytes("hello"));

        Assert.Equal(new AppendResult(AppendStatus.OutOfOrder, 5), await AppendAsync(store, id, offset, Bytes("XY")));
        Assert.Equal(5, await store.GetUploadSizeAsync(id, None));
        Digest digest = Digest.Sha256Of(Bytes("hello"));
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(id, digest, None)).Status);
        Assert.Equal(Bytes("hello"), await ReadAllAsync(store, digest));
    }

    [Fact]
    public async Task UploadCalls_UnknownUpload_ReportUnknown()
    {
        IBlobStore store = CreateStore();
        string id = NewUploadId();

        Assert.Equal(new AppendResult(AppendStatus.UploadUnknown, 0), await AppendAsync(store, id, 0, Bytes("x")));
        Assert.Null(await store.GetUploadSizeAsync(id, None));
        Assert.Equal(new CommitResult(CommitStatus.UploadUnknown, null), await store.CommitAsync(id, Digest.Sha256Of(Bytes("x")), None));
        await store.CancelUploadAsync(id, None);
        Assert.Empty(ListUploadLeftovers());
    }

    public static TheoryData<string> NotPlainTokens =>
        ["", "..", "../x", "a/b", "a.b", "a b", "/etc/passwd", new string('a', 65), new string('a', 1000)];

    [Theory]
    [MemberData(nameof(NotPlainTokens))]
    public async Task StartUploadAsync_NotAPlainToken_ThrowsArgumentException(string id)
    {
        IBlobStore store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.StartUploadAsync(id, DigestAlgorithm.Sha256, None).AsTask());
        Assert.Empty(ListUploadLeftovers());
    }

    [Fact]
    public async Task StartUploadAsync_SixtyFourCharacterId_IsAccepted()
    {
        IBlobStore store = CreateStore();
        string id = new string('a', 60) + "-0Z9";

        await store.StartUploadAsync(id, DigestAlgorithm.Sha256, None);

        Assert.Equal(64, id.Length);
        Assert.Equal(0, await store.GetUploadSizeAsync(id, None));
    }

    [Fact]
    public async Task CommitAsync_DigestMismatch_KeepsUploadAndCorrectRetryCommits()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, Bytes("hello"));
        Digest wrong = Digest.Sha256Of(Bytes("world"));

        Assert.Equal(new CommitResult(CommitStatus.DigestMismatch, null), await store.CommitAsync(id, wrong, None));
        Assert.Null(await store.StatAsync(wrong, None));
        Assert.Equal(5, await store.GetUploadSizeAsync(id, None));
        Assert.Equal([id], ListUploadLeftovers());

        Digest right = Digest.Sha256Of(Bytes("hello"));
        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(right, 5)), await store.CommitAsync(id, right, None));
        Assert.Equal(Bytes("hello"), await ReadAllAsync(store, right));
    }

    [Fact]
    public async Task AppendAsync_AfterDigestMismatch_ContinuesAndCommitsTheWhole()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, Bytes("hello"));
        Assert.Equal(CommitStatus.DigestMismatch, (await store.CommitAsync(id, Digest.Sha256Of(Bytes("hello world")), None)).Status);

        Assert.Equal(new AppendResult(AppendStatus.Appended, 11), await AppendAsync(store, id, 5, Bytes(" world")));
        Digest digest = Digest.Sha256Of(Bytes("hello world"));
        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 11)), await store.CommitAsync(id, digest, None));
    }

    [Fact]
    public async Task CommitAsync_StartedWithSha512_CommitsSha512Blob()
    {
        IBlobStore store = CreateStore();
        byte[] content = Bytes("hashed with sha512");
        Digest digest = Digest.Compute(DigestAlgorithm.Sha512, content);
        string id = await StartAsync(store, DigestAlgorithm.Sha512);
        await AppendAsync(store, id, 0, content[..7]);
        await AppendAsync(store, id, 7, content[7..]);

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 18)), await store.CommitAsync(id, digest, None));
        Assert.Equal(content, await ReadAllAsync(store, digest));
        Assert.Null(await store.StatAsync(Digest.Sha256Of(content), None));
    }

    [Fact]
    public async Task CommitAsync_StartedWithSha256CommittedWithSha512_RehashesAndCommits()
    {
        IBlobStore store = CreateStore();
        byte[] content = Bytes("started as sha256");
        Digest digest = Digest.Compute(DigestAlgorithm.Sha512, content);
        string id = await StartAsync(store, DigestAlgorithm.Sha256);
        await AppendAsync(store, id, 0, content);

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 17)), await store.CommitAsync(id, digest, None));
        Assert.Equal(content, await ReadAllAsync(store, digest));
    }

    [Fact]
    public async Task CancelUploadAsync_AfterAppends_DiscardsTheUpload()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, Bytes("doomed"));

        await store.CancelUploadAsync(id, None);

        Assert.Null(await store.GetUploadSizeAsync(id, None));
        Assert.Equal(new AppendResult(AppendStatus.UploadUnknown, 0), await AppendAsync(store, id, 6, Bytes("more")));
        Assert.Equal(CommitStatus.UploadUnknown, (await store.CommitAsync(id, Digest.Sha256Of(Bytes("doomed")), None)).Status);
        Assert.Null(await store.StatAsync(Digest.Sha256Of(Bytes("doomed")), None));
        Assert.Empty(ListUploadLeftovers());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    public async Task AppendAsync_BodyCutOffPartway_TakesTheWholeChunkBack(int before)
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        byte[] first = Pattern(before, seed: 1);
        await AppendAsync(store, id, 0, first);
        byte[] cut = Pattern((1 << 20) + 4_321, seed: 2);

        await using (BrokenStream broken = new(cut))
        {
            await Assert.ThrowsAsync<IOException>(async () => await store.AppendAsync(id, before, broken, None));
        }

        Assert.Equal(before, await store.GetUploadSizeAsync(id, None));
        byte[] rest = Pattern(70_000, seed: 3);
        Assert.Equal(new AppendResult(AppendStatus.Appended, before + rest.Length), await AppendAsync(store, id, before, rest));
        byte[] whole = [.. first, .. rest];
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(id, Digest.Sha256Of(whole), None)).Status);
        Assert.Equal(whole, await ReadAllAsync(store, Digest.Sha256Of(whole)));
    }

    [Fact]
    public async Task CommitAsync_Committed_LeavesNothingBehind()
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, Bytes("tidy"));
        Assert.Equal([id], ListUploadLeftovers());

        await store.CommitAsync(id, Digest.Sha256Of(Bytes("tidy")), None);

        Assert.Empty(ListUploadLeftovers());
        Assert.Null(await store.GetUploadSizeAsync(id, None));
        Assert.Equal(CommitStatus.UploadUnknown, (await store.CommitAsync(id, Digest.Sha256Of(Bytes("tidy")), None)).Status);
    }

    [Fact]
    public async Task CommitAsync_BlobAlreadyStored_CommitsAndDropsTheUpload()
    {
        IBlobStore store = CreateStore();
        byte[] content = Bytes("pushed twice");
        BlobInfo first = await PushAsync(store, content);
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, content);

        Assert.Equal(new CommitResult(CommitStatus.Committed, first), await store.CommitAsync(id, first.Digest, None));
        Assert.Empty(ListUploadLeftovers());
        Assert.Equal(content, await ReadAllAsync(store, first.Digest));
    }

    [Fact]
    public async Task StatAndOpenRead_MissingBlob_ReturnNull()
    {
        IBlobStore store = CreateStore();
        Digest missing = Digest.Sha256Of(Bytes("never pushed"));

        Assert.Null(await store.StatAsync(missing, None));
        Assert.Null(await store.OpenReadAsync(missing, None));
    }

    [Fact]
    public async Task OpenReadAsync_CommittedBlob_IsSeekable()
    {
        IBlobStore store = CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("0123456789"));

        await using Stream? stream = await store.OpenReadAsync(blob.Digest, None);

        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(10, stream.Length);
        stream.Seek(6, SeekOrigin.Begin);
        byte[] tail = new byte[4];
        await stream.ReadExactlyAsync(tail, None);
        Assert.Equal(Bytes("6789"), tail);
    }

    [Fact]
    public async Task DeleteAsync_CommittedBlob_RemovesItOnce()
    {
        IBlobStore store = CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("garbage"));

        Assert.True(await store.DeleteAsync(blob.Digest, None));

        Assert.Null(await store.StatAsync(blob.Digest, None));
        Assert.Null(await store.OpenReadAsync(blob.Digest, None));
        Assert.False(await store.DeleteAsync(blob.Digest, None));
    }

    protected static string NewUploadId() => Guid.NewGuid().ToString();

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static async Task<string> StartAsync(IBlobStore store, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        string id = NewUploadId();
        await store.StartUploadAsync(id, algorithm, None);
        return id;
    }

    protected static async Task<AppendResult> AppendAsync(IBlobStore store, string id, long offset, byte[] content)
    {
        using MemoryStream stream = new(content, writable: false);
        return await store.AppendAsync(id, offset, stream, None);
    }

    /// <summary>Uploads and commits <paramref name="content"/> in one append, asserting success.</summary>
    protected static async Task<BlobInfo> PushAsync(IBlobStore store, byte[] content)
    {
        string id = await StartAsync(store);
        await AppendAsync(store, id, 0, content);
        CommitResult result = await store.CommitAsync(id, Digest.Sha256Of(content), None);
        Assert.Equal(CommitStatus.Committed, result.Status);
        return result.Blob!;
    }

    protected static async Task<byte[]> ReadAllAsync(IBlobStore store, Digest digest)
    {
        await using Stream? stream = await store.OpenReadAsync(digest, None);
        Assert.NotNull(stream);
        using MemoryStream copy = new();
        await stream.CopyToAsync(copy, None);
        return copy.ToArray();
    }

    /// <summary>Hashes a stream as it is read, never holding it whole.</summary>
    protected static async Task<Digest> DigestOfAsync(Stream stream, DigestAlgorithm algorithm)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(Digest.HashName(algorithm));
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, None)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Digest.FromHash(algorithm, hash.GetHashAndReset());
    }
}
