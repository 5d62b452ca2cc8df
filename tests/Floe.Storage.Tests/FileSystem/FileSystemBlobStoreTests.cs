using System.Security.Cryptography;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Storage.FileSystem;
using Floe.Storage.Tests.Blobs;

namespace Floe.Storage.Tests.FileSystem;

/// <summary>
/// The contract over a temporary directory, plus what only a filesystem store can show: the layout,
/// restarts over the same root, files left by a crash, and hostile upload ids.
/// </summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    /// <summary>A sandbox around the store root, so the tests can watch what happens next to it.</summary>
    private readonly string sandbox;
    private readonly string root;

    public FileSystemBlobStoreTests()
    {
        sandbox = Directory.CreateTempSubdirectory("floe-blobs-").FullName;
        root = Path.Combine(sandbox, "store");
    }

    private string UploadsDirectory => Path.Combine(root, "uploads");

    public static TheoryData<string> HostileUploadIds =>
    [
        "..", ".", "", "../x", "../../victim", "x/../../victim", "a/b", "a\\b", "..\\..\\victim",
        "/etc/passwd", "{sandbox}/victim", "victim\0", " victim", "a.b", "%2e%2e", "ünïcode",
        new string('a', 65), new string('a', 1000),
    ];

    public void Dispose() => Directory.Delete(sandbox, recursive: true);

    protected override IBlobStore CreateStore() => new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = root });

    protected override IReadOnlyList<string> ListUploadLeftovers() =>
        [.. Directory.EnumerateFileSystemEntries(UploadsDirectory).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Constructor_EmptyRoot_CreatesTheLayoutDirectories()
    {
        _ = CreateStore();

        Assert.Equal(["blobs", "blobs/sha256", "blobs/sha512", "uploads"], Tree(root).Keys);
    }

    [Fact]
    public async Task QuarantineAsync_CorruptBlob_KeepsItsBytesUnderQuarantine()
    {
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("to inspect"));
        await File.WriteAllBytesAsync(store.GetExpectedPath(blob.Digest), Bytes("rotten"));

        Assert.True(await store.QuarantineAsync(blob.Digest, None));

        Assert.Null(store.GetLocalPath(blob.Digest));
        Assert.Equal(Bytes("rotten"), await File.ReadAllBytesAsync(Path.Combine(root, "quarantine", "sha256", blob.Digest.Hex)));
    }

    [Fact]
    public async Task ListBlobsAsync_StrayFilesUnderBlobs_AreNotListed()
    {
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("real"));
        await File.WriteAllTextAsync(Path.Combine(root, "blobs", "sha256", "stray.txt"), "x");
        string misplaced = Path.Combine(root, "blobs", "sha256", "00");
        Directory.CreateDirectory(misplaced);
        await File.WriteAllTextAsync(Path.Combine(misplaced, blob.Digest.Hex), "x");

        Assert.Equal([blob], await store.ListBlobsAsync(None).ToArrayAsync(None));
    }

    [Fact]
    public async Task CommitAsync_Sha256Blob_IsOneFileAtItsFanOutPath()
    {
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();
        byte[] content = Bytes("layout");
        BlobInfo blob = await PushAsync(store, content);
        string hex = blob.Digest.Hex;
        string expectedPath = Path.Combine(root, "blobs", "sha256", hex[..2], hex);

        Assert.Equal(expectedPath, store.GetLocalPath(blob.Digest));
        Assert.Equal(content, await File.ReadAllBytesAsync(expectedPath));
        string[] expectedTree =
            ["blobs", "blobs/sha256", $"blobs/sha256/{hex[..2]}", $"blobs/sha256/{hex[..2]}/{hex}", "blobs/sha512", "uploads"];
        Assert.Equal(expectedTree, Tree(root).Keys);
    }

    [Fact]
    public async Task CommitAsync_Sha512Blob_IsStoredUnderSha512()
    {
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();
        byte[] content = Bytes("long digest");
        Digest digest = Digest.Compute(DigestAlgorithm.Sha512, content);
        string id = await StartAsync(store, DigestAlgorithm.Sha512);
        await AppendAsync(store, id, 0, content);
        await store.CommitAsync(id, digest, None);

        Assert.Equal(Path.Combine(root, "blobs", "sha512", digest.Hex[..2], digest.Hex), store.GetLocalPath(digest));
    }

    [Fact]
    public void GetLocalPath_MissingBlob_ReturnsNull()
    {
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();

        Assert.Null(store.GetLocalPath(Digest.Sha256Of(Bytes("absent"))));
    }

    [Fact]
    public async Task CommitAsync_AfterRestart_RehashesTheFileAndCommits()
    {
        IBlobStore before = CreateStore();
        string id = await StartAsync(before);
        await AppendAsync(before, id, 0, Bytes("survives a restart"));
        IBlobStore after = CreateStore();
        Digest digest = Digest.Sha256Of(Bytes("survives a restart"));

        Assert.Equal(CommitStatus.DigestMismatch, (await after.CommitAsync(id, Digest.Sha256Of(Bytes("other")), None)).Status);
        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 18)), await after.CommitAsync(id, digest, None));
        Assert.Equal(Bytes("survives a restart"), await ReadAllAsync(after, digest));
        Assert.Empty(ListUploadLeftovers());
    }

    [Fact]
    public async Task AppendAsync_AfterRestart_ContinuesTheUpload()
    {
        IBlobStore before = CreateStore();
        string id = await StartAsync(before, DigestAlgorithm.Sha512);
        await AppendAsync(before, id, 0, Bytes("begun here, "));
        IBlobStore after = CreateStore();

        Assert.Equal(12, await after.GetUploadSizeAsync(id, None));
        Assert.Equal(new AppendResult(AppendStatus.Appended, 24), await AppendAsync(after, id, 12, Bytes("ended there.")));
        Digest digest = Digest.Compute(DigestAlgorithm.Sha512, Bytes("begun here, ended there."));
        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, 24)), await after.CommitAsync(id, digest, None));
    }

    [Fact]
    public async Task CommitAsync_LargeUploadAfterRestart_RehashesWithoutBufferingIt()
    {
        IBlobStore before = CreateStore();
        Digest digest = await DigestOfAsync(new GeneratedStream(LargeBlobSize, seed: 11), DigestAlgorithm.Sha256);
        string id = await StartAsync(before);
        await using (GeneratedStream content = new(LargeBlobSize, seed: 11))
        {
            await before.AppendAsync(id, 0, content, None);
        }

        IBlobStore after = CreateStore();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        CommitResult result = await after.CommitAsync(id, digest, None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(new CommitResult(CommitStatus.Committed, new BlobInfo(digest, LargeBlobSize)), result);
        Assert.True(allocated < LargeBlobSize / 16, $"Allocated {allocated} bytes to re-hash a {LargeBlobSize}-byte upload.");
        await AssertStoredAsync(after, digest, LargeBlobSize);
    }

    [Fact]
    public async Task StatAndOpenRead_UploadFileLeftByACrash_AreNeverVisible()
    {
        _ = CreateStore();
        byte[] partial = Bytes("half a lay");
        string id = NewUploadId();
        await File.WriteAllBytesAsync(Path.Combine(UploadsDirectory, id), partial);
        FileSystemBlobStore store = (FileSystemBlobStore)CreateStore();
        Digest digest = Digest.Sha256Of(partial);

        Assert.Null(await store.StatAsync(digest, None));
        Assert.Null(await store.OpenReadAsync(digest, None));
        Assert.Null(store.GetLocalPath(digest));
        Assert.Equal(10, await store.GetUploadSizeAsync(id, None));
    }

    [Fact]
    public async Task DeleteAsync_BlobOpenForReading_ReaderKeepsItsBytes()
    {
        IBlobStore store = CreateStore();
        BlobInfo blob = await PushAsync(store, Bytes("still streaming"));
        await using Stream? reader = await store.OpenReadAsync(blob.Digest, None);

        Assert.True(await store.DeleteAsync(blob.Digest, None));

        Assert.NotNull(reader);
        using StreamReader text = new(reader);
        Assert.Equal("still streaming", await text.ReadToEndAsync(None));
    }

    [Theory]
    [MemberData(nameof(HostileUploadIds))]
    public async Task UploadCalls_HostileUploadId_TouchNothingOnDisk(string template)
    {
        string victim = Path.Combine(sandbox, "victim");
        await File.WriteAllTextAsync(victim, "keep");
        // "/etc/passwd" itself is tried too, but the absolute path that could do harm if it got
        // through is aimed at a file this test owns.
        string id = template.Replace("{sandbox}", sandbox, StringComparison.Ordinal);
        IBlobStore store = CreateStore();
        SortedDictionary<string, string> before = Tree(sandbox);

        await Assert.ThrowsAsync<ArgumentException>(() => store.StartUploadAsync(id, DigestAlgorithm.Sha256, None).AsTask());
        // Offset 4 and the digest of "keep" are what would succeed if the id resolved to the victim.
        Assert.Equal(new AppendResult(AppendStatus.UploadUnknown, 0), await AppendAsync(store, id, 4, Bytes("evil")));
        Assert.Null(await store.GetUploadSizeAsync(id, None));
        Assert.Equal(CommitStatus.UploadUnknown, (await store.CommitAsync(id, Digest.Sha256Of(Bytes("keep")), None)).Status);
        await store.CancelUploadAsync(id, None);

        Assert.Equal(before, Tree(sandbox));
        Assert.Equal("keep", await File.ReadAllTextAsync(victim));
    }

    [Fact]
    public void SyncDirectory_MissingDirectory_FailsOnLinux()
    {
        string missing = Path.Combine(sandbox, "missing");

        Exception? error = Record.Exception(() => DurableFiles.SyncDirectory(missing));

        Assert.Equal(OperatingSystem.IsLinux(), error is IOException);
        DurableFiles.SyncDirectory(sandbox);
    }

    [Fact]
    public void RenameAtomically_ExistingDestination_IsReplaced()
    {
        string source = Path.Combine(sandbox, "source");
        string destination = Path.Combine(sandbox, "destination");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "old");

        DurableFiles.RenameAtomically(source, destination);

        Assert.False(File.Exists(source));
        Assert.Equal("new", File.ReadAllText(destination));
    }

    /// <summary>Every entry under <paramref name="directory"/>: "dir" or the file's SHA-256, by relative path.</summary>
    private static SortedDictionary<string, string> Tree(string directory)
    {
        SortedDictionary<string, string> entries = new(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            entries[relative] = Directory.Exists(path) ? "dir" : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return entries;
    }
}
