using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Storage.FileSystem;
using Floe.Storage.Tests.Blobs;

namespace Floe.Storage.Tests.FileSystem;

/// <summary>
/// The whole contract again for a single node (<see cref="FileSystemBlobStoreOptions.ExclusiveUploads"/>),
/// where an append answers before its last write is done, plus what that deferral promises: the
/// upload's next request sees every byte the append took in, and a write that fails afterwards takes
/// the append back and fails the upload's later steps.
/// </summary>
public sealed class ExclusiveUploadsTests : BlobStoreContract, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("floe-blobs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    protected override IBlobStore CreateStore() =>
        new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = root, ExclusiveUploads = true });

    protected override IReadOnlyList<string> ListUploadLeftovers() =>
        [.. Directory.EnumerateFileSystemEntries(Path.Combine(root, "uploads")).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    /// <summary>Chunk sizes around the store's buffer: a last write of whole blocks, of a partial block, of both.</summary>
    public static TheoryData<int> ChunkSizes => [4096, 1 << 20, (1 << 20) + 5, UploadFile.BufferSize - 1, 3 * UploadFile.BufferSize / 2];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task GetUploadSizeAsync_RightAfterEachAppend_CountsEveryByteAndTheCommitHoldsThem(int chunkSize)
    {
        IBlobStore store = CreateStore();
        string id = await StartAsync(store);
        List<byte> all = [];
        for (int i = 0; i < 8; i++)
        {
            byte[] chunk = new byte[chunkSize];
            Random.Shared.NextBytes(chunk);
            AppendResult appended = await AppendAsync(store, id, all.Count, chunk);
            all.AddRange(chunk);

            Assert.Equal(new AppendResult(AppendStatus.Appended, all.Count), appended);
            Assert.Equal(all.Count, await store.GetUploadSizeAsync(id, None));
        }

        CommitResult committed = await store.CommitAsync(id, Digest.Sha256Of(all.ToArray()), None);
        Assert.Equal(CommitStatus.Committed, committed.Status);
        Assert.Equal(all.ToArray(), await ReadAllAsync(store, committed.Blob!.Digest));
    }

    [Fact]
    public async Task FinishAppendAsync_LastWriteFailed_TakesTheAppendBackAndEveryLaterStepThrowsIt()
    {
        (string path, FileStream file, UploadSession session) = await AppendedHundredBytesAsync();
        IOException full = new("No space left on device");

        await FileSystemBlobStore.FinishAppendAsync(Task.FromException(full), file, sizeBefore: 40, session);

        Assert.Equal(40, new FileInfo(path).Length);
        Assert.True(file.SafeFileHandle.IsClosed);
        Assert.False(session.TryGetDigest(DigestAlgorithm.Sha256, 100, out _));
        Assert.Same(full, Assert.Throws<IOException>(session.ThrowIfLastWriteFailed));
        Assert.Same(full, Assert.Throws<IOException>(session.ThrowIfLastWriteFailed));
        Assert.Null(session.AnsweredLength);
    }

    [Fact]
    public async Task FinishAppendAsync_LastWriteDone_ClosesTheFileAndKeepsTheAppend()
    {
        (string path, FileStream file, UploadSession session) = await AppendedHundredBytesAsync();

        await FileSystemBlobStore.FinishAppendAsync(Task.CompletedTask, file, sizeBefore: 40, session);

        Assert.Equal(100, new FileInfo(path).Length);
        Assert.True(file.SafeFileHandle.IsClosed);
        Assert.True(session.TryGetDigest(DigestAlgorithm.Sha256, 100, out _));
        session.ThrowIfLastWriteFailed();
    }

    /// <summary>An upload file of 100 bytes, open for appending, whose session hashed them and answered 100.</summary>
    private async Task<(string Path, FileStream File, UploadSession Session)> AppendedHundredBytesAsync()
    {
        string path = Path.Combine(root, "upload");
        await File.WriteAllBytesAsync(path, new byte[100]);
        UploadSession session = UploadSession.Hashing(DigestAlgorithm.Sha256);
        session.Observe(0, new byte[100]);
        session.AnsweredLength = 100;
        return (path, UploadFile.TryOpen(path, FileAccess.Write)!, session);
    }
}
